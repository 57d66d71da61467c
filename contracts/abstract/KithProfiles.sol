// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {KithSignatures} from "./KithSignatures.sol";
import {IKithProfiles} from "../interfaces/IKithProfiles.sol";
import {Handles} from "../libraries/Handles.sol";
import {Scopes} from "../libraries/Scopes.sol";

/// @title KithProfiles
/// @notice Profile registry: ids, custody, handles, recovery and two-step transfers.
/// @dev Storage is packed so that registering writes two fresh slots:
///      `_profiles[id]` = handle code (high 96 bits) | custody (low 160 bits), and
///      `_handles[code]` = profile id (high 96 bits) | recovery (low 160 bits).
///      Profile ids therefore stay below 2**96, which no chain will reach.
abstract contract KithProfiles is IKithProfiles, KithSignatures {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice EIP-712 type hash of `Register`, signed for `registerFor`.
    bytes32 public constant REGISTER_TYPEHASH = keccak256(
        "Register(address custody,string handle,address recovery,bytes32 metadataHash,uint256 nonce,uint256 deadline)"
    );
    /// @notice EIP-712 type hash of `ChangeHandle`, signed for `changeHandleFor`.
    bytes32 public constant CHANGE_HANDLE_TYPEHASH =
        keccak256("ChangeHandle(uint256 profileId,string handle,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `ChangeMetadata`, signed for `changeMetadataFor`.
    bytes32 public constant CHANGE_METADATA_TYPEHASH =
        keccak256("ChangeMetadata(uint256 profileId,bytes32 metadataHash,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `OfferTransfer`, signed for `offerTransferFor`.
    bytes32 public constant OFFER_TRANSFER_TYPEHASH =
        keccak256("OfferTransfer(uint256 profileId,address to,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `CancelTransfer`, signed for `cancelTransferFor`.
    bytes32 public constant CANCEL_TRANSFER_TYPEHASH =
        keccak256("CancelTransfer(uint256 profileId,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `AcceptTransfer`, signed for `acceptTransferFor`.
    bytes32 public constant ACCEPT_TRANSFER_TYPEHASH =
        keccak256("AcceptTransfer(uint256 profileId,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `ChangeRecovery`, signed for `changeRecoveryFor`.
    bytes32 public constant CHANGE_RECOVERY_TYPEHASH =
        keccak256("ChangeRecovery(uint256 profileId,address recovery,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `Recover`, signed for `recoverFor`.
    bytes32 public constant RECOVER_TYPEHASH =
        keccak256("Recover(uint256 profileId,address to,uint256 nonce,uint256 deadline)");

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithProfiles
    uint256 public profileCount;

    /// @dev handle code (bits 160-255) | custody (bits 0-159); zero when the profile does not exist.
    mapping(uint256 profileId => uint256 record) internal _profiles;

    /// @dev profile id (bits 160-255) | recovery (bits 0-159); zero when the handle is free.
    mapping(uint96 handleCode => uint256 record) internal _handles;

    /// @inheritdoc IKithProfiles
    mapping(uint256 profileId => address to) public pendingCustodyOf;

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithProfiles
    function custodyOf(uint256 profileId) public view returns (address) {
        return address(uint160(_profiles[profileId]));
    }

    /// @inheritdoc IKithProfiles
    function recoveryOf(uint256 profileId) public view returns (address) {
        uint96 code = uint96(_profiles[profileId] >> 160);
        return code == 0 ? address(0) : address(uint160(_handles[code]));
    }

    /// @inheritdoc IKithProfiles
    function handleOf(uint256 profileId) external view returns (string memory) {
        return Handles.decode(uint96(_profiles[profileId] >> 160));
    }

    /// @inheritdoc IKithProfiles
    function profileIdOf(string calldata handle) external view returns (uint256) {
        uint96 code = Handles.tryEncode(handle);
        return code == 0 ? 0 : _handles[code] >> 160;
    }

    /*//////////////////////////////////////////////////////////////
                              PROFILE LOGIC
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithProfiles
    function register(string calldata handle, address recovery, bytes32 metadataHash)
        external
        returns (uint256 profileId)
    {
        return _register(msg.sender, handle, recovery, metadataHash);
    }

    /// @inheritdoc IKithProfiles
    function changeHandle(uint256 profileId, string calldata handle) external {
        _changeHandle(msg.sender, profileId, handle);
    }

    /// @inheritdoc IKithProfiles
    function changeMetadata(uint256 profileId, bytes32 metadataHash) external {
        _changeMetadata(msg.sender, profileId, metadataHash);
    }

    /// @inheritdoc IKithProfiles
    function offerTransfer(uint256 profileId, address to) external {
        _offerTransfer(msg.sender, profileId, to);
    }

    /// @inheritdoc IKithProfiles
    function cancelTransfer(uint256 profileId) external {
        _cancelTransfer(msg.sender, profileId);
    }

    /// @inheritdoc IKithProfiles
    function acceptTransfer(uint256 profileId) external {
        _acceptTransfer(msg.sender, profileId);
    }

    /// @inheritdoc IKithProfiles
    function changeRecovery(uint256 profileId, address recovery) external {
        _changeRecovery(msg.sender, profileId, recovery);
    }

    /// @inheritdoc IKithProfiles
    function recover(uint256 profileId, address to) external {
        _recover(msg.sender, profileId, to);
    }

    /*//////////////////////////////////////////////////////////////
                             SIGNED ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithProfiles
    function registerFor(
        address custody,
        string calldata handle,
        address recovery,
        bytes32 metadataHash,
        SignedAuth calldata auth
    ) external returns (uint256) {
        bytes32 structHash = keccak256(
            abi.encode(
                REGISTER_TYPEHASH, custody, keccak256(bytes(handle)), recovery, metadataHash, auth.nonce, auth.deadline
            )
        );
        address signer = _verify(structHash, auth);
        if (signer != custody) revert InvalidSignature();
        return _register(custody, handle, recovery, metadataHash);
    }

    /// @inheritdoc IKithProfiles
    function changeHandleFor(uint256 profileId, string calldata handle, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(
            abi.encode(CHANGE_HANDLE_TYPEHASH, profileId, keccak256(bytes(handle)), auth.nonce, auth.deadline)
        );
        _changeHandle(_verify(structHash, auth), profileId, handle);
    }

    /// @inheritdoc IKithProfiles
    function changeMetadataFor(uint256 profileId, bytes32 metadataHash, SignedAuth calldata auth) external {
        bytes32 structHash =
            keccak256(abi.encode(CHANGE_METADATA_TYPEHASH, profileId, metadataHash, auth.nonce, auth.deadline));
        _changeMetadata(_verify(structHash, auth), profileId, metadataHash);
    }

    /// @inheritdoc IKithProfiles
    function offerTransferFor(uint256 profileId, address to, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(abi.encode(OFFER_TRANSFER_TYPEHASH, profileId, to, auth.nonce, auth.deadline));
        _offerTransfer(_verify(structHash, auth), profileId, to);
    }

    /// @inheritdoc IKithProfiles
    function cancelTransferFor(uint256 profileId, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(abi.encode(CANCEL_TRANSFER_TYPEHASH, profileId, auth.nonce, auth.deadline));
        _cancelTransfer(_verify(structHash, auth), profileId);
    }

    /// @inheritdoc IKithProfiles
    function acceptTransferFor(uint256 profileId, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(abi.encode(ACCEPT_TRANSFER_TYPEHASH, profileId, auth.nonce, auth.deadline));
        _acceptTransfer(_verify(structHash, auth), profileId);
    }

    /// @inheritdoc IKithProfiles
    function changeRecoveryFor(uint256 profileId, address recovery, SignedAuth calldata auth) external {
        bytes32 structHash =
            keccak256(abi.encode(CHANGE_RECOVERY_TYPEHASH, profileId, recovery, auth.nonce, auth.deadline));
        _changeRecovery(_verify(structHash, auth), profileId, recovery);
    }

    /// @inheritdoc IKithProfiles
    function recoverFor(uint256 profileId, address to, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(abi.encode(RECOVER_TYPEHASH, profileId, to, auth.nonce, auth.deadline));
        _recover(_verify(structHash, auth), profileId, to);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Reverts unless `actor` may act for `profileId` within `scope`: the custody always, an
    ///      app key within its scopes (see KithAppKeys). Returns the profile record.
    function _authorize(uint256 profileId, address actor, uint256 scope) internal view virtual returns (uint256);

    function _register(address custody, string calldata handle, address recovery, bytes32 metadataHash)
        internal
        returns (uint256 profileId)
    {
        uint96 code = Handles.encode(handle);
        uint256 holder = _handles[code] >> 160;
        if (holder != 0) revert HandleTaken(handle, holder);
        // Ids grow by one per registration; 2**256 registrations cannot happen.
        unchecked {
            profileId = ++profileCount;
        }
        _profiles[profileId] = _packProfile(code, custody);
        _handles[code] = (profileId << 160) | uint160(recovery);
        emit ProfileRegistered(profileId, custody, handle, recovery, metadataHash);
    }

    function _changeHandle(address actor, uint256 profileId, string calldata handle) internal {
        uint256 record = _requireCustody(profileId, actor);
        uint96 code = Handles.encode(handle);
        uint256 holder = _handles[code] >> 160;
        if (holder != 0) revert HandleTaken(handle, holder);
        uint96 oldCode = uint96(record >> 160);
        // The recovery address lives beside the handle: move it along.
        _handles[code] = _handles[oldCode];
        delete _handles[oldCode];
        _profiles[profileId] = _packProfile(code, address(uint160(record)));
        emit HandleChanged(profileId, handle);
    }

    function _changeMetadata(address actor, uint256 profileId, bytes32 metadataHash) internal {
        _authorize(profileId, actor, Scopes.METADATA);
        emit MetadataChanged(profileId, metadataHash);
    }

    function _offerTransfer(address actor, uint256 profileId, address to) internal {
        _requireCustody(profileId, actor);
        if (to == address(0) || to == actor) revert InvalidCustody(to);
        pendingCustodyOf[profileId] = to;
        emit TransferOffered(profileId, actor, to);
    }

    function _cancelTransfer(address actor, uint256 profileId) internal {
        _requireCustody(profileId, actor);
        if (pendingCustodyOf[profileId] == address(0)) revert NoPendingTransfer(profileId, actor);
        delete pendingCustodyOf[profileId];
        emit TransferCancelled(profileId);
    }

    function _acceptTransfer(address actor, uint256 profileId) internal {
        if (actor == address(0) || pendingCustodyOf[profileId] != actor) revert NoPendingTransfer(profileId, actor);
        address from = _setCustody(profileId, actor);
        emit CustodyTransferred(profileId, from, actor);
    }

    function _changeRecovery(address actor, uint256 profileId, address recovery) internal {
        uint96 code = uint96(_requireCustody(profileId, actor) >> 160);
        _handles[code] = (profileId << 160) | uint160(recovery);
        emit RecoveryChanged(profileId, recovery);
    }

    function _recover(address actor, uint256 profileId, address to) internal {
        if (_profiles[profileId] == 0) revert UnknownProfile(profileId);
        if (actor == address(0) || recoveryOf(profileId) != actor) revert NotRecovery(profileId, actor);
        if (to == address(0) || to == custodyOf(profileId)) revert InvalidCustody(to);
        address from = _setCustody(profileId, to);
        emit Recovered(profileId, from, to);
    }

    /// @dev Moves custody, dropping any pending offer (app keys: see KithAppKeys). Returns the
    ///      previous custody.
    function _setCustody(uint256 profileId, address to) internal virtual returns (address from) {
        uint256 record = _profiles[profileId];
        from = address(uint160(record));
        _profiles[profileId] = _packProfile(uint96(record >> 160), to);
        delete pendingCustodyOf[profileId];
    }

    /// @dev Reverts unless `actor` is the custody of `profileId`; returns the profile record.
    function _requireCustody(uint256 profileId, address actor) internal view returns (uint256 record) {
        record = _profiles[profileId];
        // `record == 0` matters for actor 0 (an eth_call without `from`): a missing profile's
        // custody reads as the zero address and must not match it.
        if (address(uint160(record)) != actor || record == 0) {
            if (record == 0) revert UnknownProfile(profileId);
            revert NotAuthorized(profileId, actor);
        }
    }

    /// @dev Whether `profileId` is registered, given `knownId`, an id known to be registered (or 0).
    ///      Ids are 1..profileCount and profiles never disappear: ids up to `knownId` need no storage
    ///      read, and the count is one slot that stays warm across a batch.
    function _isProfile(uint256 profileId, uint256 knownId) internal view returns (bool) {
        // Id 0 wraps to 2**256 - 1 and fails both comparisons, like ids above the count.
        unchecked {
            return profileId - 1 < knownId || profileId - 1 < profileCount;
        }
    }

    function _packProfile(uint96 code, address custody) private pure returns (uint256) {
        return (uint256(code) << 160) | uint160(custody);
    }
}
