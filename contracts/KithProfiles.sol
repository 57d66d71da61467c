// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IKithProfiles} from "./interfaces/IKithProfiles.sol";
import {Handles} from "./libraries/Handles.sol";

/// @title KithProfiles
/// @notice Profile registry: ids, custody, handles, recovery and two-step transfers.
/// @dev Storage is packed so that registering writes two fresh slots:
///      `_profiles[id]` = handle code (high 96 bits) | custody (low 160 bits), and
///      `_handles[code]` = profile id (high 96 bits) | recovery (low 160 bits).
///      Profile ids therefore stay below 2**96, which no chain will reach.
abstract contract KithProfiles is IKithProfiles {
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
        _requireCustody(profileId, msg.sender);
        delete pendingCustodyOf[profileId];
        emit TransferCancelled(profileId);
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
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

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

    function _changeMetadata(address actor, uint256 profileId, bytes32 metadataHash) internal virtual {
        _requireCustody(profileId, actor);
        emit MetadataChanged(profileId, metadataHash);
    }

    function _offerTransfer(address actor, uint256 profileId, address to) internal {
        _requireCustody(profileId, actor);
        if (to == address(0) || to == actor) revert InvalidCustody(to);
        pendingCustodyOf[profileId] = to;
        emit TransferOffered(profileId, actor, to);
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

    /// @dev Moves custody, dropping any pending offer. Returns the previous custody.
    function _setCustody(uint256 profileId, address to) internal virtual returns (address from) {
        uint256 record = _profiles[profileId];
        from = address(uint160(record));
        _profiles[profileId] = _packProfile(uint96(record >> 160), to);
        delete pendingCustodyOf[profileId];
    }

    /// @dev Reverts unless `actor` is the custody of `profileId`; returns the profile record.
    ///      `actor` is never zero (msg.sender, or a signer checked to be nonzero), so a missing
    ///      profile (record 0) also fails the first test; the reason is told apart afterwards.
    function _requireCustody(uint256 profileId, address actor) internal view returns (uint256 record) {
        record = _profiles[profileId];
        if (address(uint160(record)) != actor) {
            if (record == 0) revert UnknownProfile(profileId);
            revert NotAuthorized(profileId, actor);
        }
    }

    /// @dev Reverts unless `profileId` is registered. Ids are 1..profileCount, so this reads one
    ///      slot that stays warm across a batch, instead of one slot per profile.
    function _requireProfile(uint256 profileId) internal view {
        // Id 0 wraps to 2**256 - 1 and fails the same comparison as ids above the count.
        unchecked {
            if (profileId - 1 >= profileCount) revert UnknownProfile(profileId);
        }
    }

    function _packProfile(uint96 code, address custody) private pure returns (uint256) {
        return (uint256(code) << 160) | uint160(custody);
    }
}
