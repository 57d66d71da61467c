// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithAppKeys} from "../interfaces/IKithAppKeys.sol";
import {KithProfiles} from "./KithProfiles.sol";
import {Scopes} from "../libraries/Scopes.sol";

/// @title KithAppKeys
/// @notice Scoped, expiring app keys, revocable one by one or all at once.
/// @dev A key's record packs expiry (bits 0-63), scopes (64-95) and the profile's key generation at
///      the time it was added (96-255). Revoking all keys bumps the profile's generation, which
///      voids every record made before, in O(1).
abstract contract KithAppKeys is IKithAppKeys, KithProfiles {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice EIP-712 type hash of `AddAppKey`, signed for `addAppKeyFor`.
    bytes32 public constant ADD_APP_KEY_TYPEHASH = keccak256(
        "AddAppKey(uint256 profileId,address key,uint256 scopes,uint256 expiry,uint256 nonce,uint256 deadline)"
    );
    /// @notice EIP-712 type hash of `RevokeAppKey`, signed for `revokeAppKeyFor`.
    bytes32 public constant REVOKE_APP_KEY_TYPEHASH =
        keccak256("RevokeAppKey(uint256 profileId,address key,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `RevokeAllAppKeys`, signed for `revokeAllAppKeysFor`.
    bytes32 public constant REVOKE_ALL_APP_KEYS_TYPEHASH =
        keccak256("RevokeAllAppKeys(uint256 profileId,uint256 nonce,uint256 deadline)");

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev generation (bits 96-255) | scopes (64-95) | expiry (0-63); zero when never added or revoked.
    mapping(uint256 profileId => mapping(address key => uint256 record)) private _appKeys;

    /// @dev Incremented by `revokeAllAppKeys` and custody changes.
    mapping(uint256 profileId => uint256 generation) private _keyGenerations;

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithAppKeys
    function appKeyOf(uint256 profileId, address key)
        external
        view
        returns (uint256 scopes, uint256 expiry, bool active)
    {
        uint256 record = _appKeys[profileId][key];
        if (record >> 96 != _keyGenerations[profileId]) return (0, 0, false);
        expiry = uint64(record);
        scopes = uint32(record >> 64);
        active = scopes != 0 && expiry > block.timestamp;
    }

    /*//////////////////////////////////////////////////////////////
                              APP KEY LOGIC
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithAppKeys
    function addAppKey(uint256 profileId, address key, uint256 scopes, uint256 expiry) external {
        _addAppKey(msg.sender, profileId, key, scopes, expiry);
    }

    /// @inheritdoc IKithAppKeys
    function revokeAppKey(uint256 profileId, address key) external {
        _revokeAppKey(msg.sender, profileId, key);
    }

    /// @inheritdoc IKithAppKeys
    function revokeAllAppKeys(uint256 profileId) external {
        _requireCustody(profileId, msg.sender);
        _revokeAllAppKeys(profileId);
    }

    /// @inheritdoc IKithAppKeys
    function addAppKeyFor(uint256 profileId, address key, uint256 scopes, uint256 expiry, SignedAuth calldata auth)
        external
    {
        bytes32 structHash = keccak256(
            abi.encode(ADD_APP_KEY_TYPEHASH, profileId, key, scopes, expiry, auth.nonce, auth.deadline)
        );
        _addAppKey(_verify(structHash, auth), profileId, key, scopes, expiry);
    }

    /// @inheritdoc IKithAppKeys
    function revokeAppKeyFor(uint256 profileId, address key, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(abi.encode(REVOKE_APP_KEY_TYPEHASH, profileId, key, auth.nonce, auth.deadline));
        _revokeAppKey(_verify(structHash, auth), profileId, key);
    }

    /// @inheritdoc IKithAppKeys
    function revokeAllAppKeysFor(uint256 profileId, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(abi.encode(REVOKE_ALL_APP_KEYS_TYPEHASH, profileId, auth.nonce, auth.deadline));
        _requireCustody(profileId, _verify(structHash, auth));
        _revokeAllAppKeys(profileId);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc KithProfiles
    function _authorize(uint256 profileId, address actor, uint256 scope)
        internal
        view
        override
        returns (uint256 record)
    {
        record = _profiles[profileId];
        // A missing profile (record 0) has custody "0": it must not match actor 0 (see _requireCustody).
        if (address(uint160(record)) == actor && record != 0) return record;
        if (record == 0) revert UnknownProfile(profileId);
        uint256 key = _appKeys[profileId][actor];
        if (key == 0 || key >> 96 != _keyGenerations[profileId]) revert NotAuthorized(profileId, actor);
        if (uint32(key >> 64) & scope == 0) revert AppKeyOutOfScope(profileId, actor, scope);
        if (uint64(key) <= block.timestamp) revert AppKeyExpired(profileId, actor, uint64(key));
    }

    /// @inheritdoc KithProfiles
    function _setCustody(uint256 profileId, address to) internal override returns (address from) {
        from = super._setCustody(profileId, to);
        _revokeAllAppKeys(profileId);
    }

    function _addAppKey(address actor, uint256 profileId, address key, uint256 scopes, uint256 expiry) private {
        _requireCustody(profileId, actor);
        if (key == address(0)) revert InvalidAppKey(key);
        if (scopes == 0 || scopes & ~Scopes.ALL != 0) revert InvalidScopes(scopes);
        if (expiry <= block.timestamp || expiry > type(uint64).max) revert InvalidExpiry(expiry);
        _appKeys[profileId][key] = (_keyGenerations[profileId] << 96) | (scopes << 64) | expiry;
        emit AppKeyAdded(profileId, key, scopes, expiry);
    }

    function _revokeAppKey(address actor, uint256 profileId, address key) private {
        _requireCustody(profileId, actor);
        delete _appKeys[profileId][key];
        emit AppKeyRevoked(profileId, key);
    }

    function _revokeAllAppKeys(uint256 profileId) private {
        // One generation per revocation transaction: 2**160 cannot be reached.
        unchecked {
            ++_keyGenerations[profileId];
        }
        emit AllAppKeysRevoked(profileId);
    }
}
