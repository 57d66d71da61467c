// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKithSignatures} from "./IKithSignatures.sol";

/// @title Kith profiles
/// @notice A profile is a sequential id (starting at 1) owned by a custody address. It has a unique
///         handle, an optional recovery address and an off-chain metadata document identified by
///         its sha256 digest. One address may hold many profiles (a team, a Safe or an app can
///         manage several), so every action names the profile it acts for.
/// @dev Handles are 3 to 16 characters of `[a-z0-9_]` and start with a letter. The restriction is
///      what lets a handle fit in 96 bits next to the custody address (see `Handles`).
interface IKithProfiles {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The handle is shorter than 3 or longer than 16 bytes.
    error InvalidHandleLength(uint256 length);
    /// @notice The handle has a byte outside `[a-z0-9_]`, or does not start with a letter.
    error InvalidHandleCharacter(uint256 index, bytes1 character);
    /// @notice Another profile holds the handle.
    error HandleTaken(string handle, uint256 ownerId);
    /// @notice No profile has this id.
    error UnknownProfile(uint256 profileId);
    /// @notice `caller` may not perform this action for `profileId`.
    error NotAuthorized(uint256 profileId, address caller);
    /// @notice Only the profile's recovery address may recover it.
    error NotRecovery(uint256 profileId, address caller);
    /// @notice No transfer of `profileId` is pending (to cancel), or none to `caller` (to accept).
    error NoPendingTransfer(uint256 profileId, address caller);
    /// @notice The new custody is the zero address or already the custody.
    error InvalidCustody(address custody);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A profile was created. Ids are sequential: the n-th `ProfileRegistered` has id n.
    /// @dev The indexer may rely on: emitted once per id; `handle` is valid and was free.
    event ProfileRegistered(
        uint256 indexed profileId, address indexed custody, string handle, address recovery, bytes32 metadataHash
    );

    /// @notice The profile's handle changed; its previous handle is free from this event on.
    event HandleChanged(uint256 indexed profileId, string handle);

    /// @notice The profile's metadata document changed to the one whose sha256 digest is `metadataHash`.
    event MetadataChanged(uint256 indexed profileId, bytes32 metadataHash);

    /// @notice The custody offered the profile to `to`; `to` becomes custody only by accepting.
    /// @dev A later offer replaces this one; `TransferCancelled`, `CustodyTransferred` and
    ///      `Recovered` end it.
    event TransferOffered(uint256 indexed profileId, address indexed from, address indexed to);

    /// @notice The pending transfer offer of `profileId` was withdrawn.
    event TransferCancelled(uint256 indexed profileId);

    /// @notice `to` accepted the transfer and is the custody from this event on.
    /// @dev The recovery address is unchanged; every app key of the profile is revoked.
    event CustodyTransferred(uint256 indexed profileId, address indexed from, address indexed to);

    /// @notice The recovery address moved custody from `from` to `to`.
    /// @dev Like `CustodyTransferred`: recovery unchanged, app keys revoked, pending offer dropped.
    event Recovered(uint256 indexed profileId, address indexed from, address indexed to);

    /// @notice The custody set a new recovery address (zero disables recovery).
    event RecoveryChanged(uint256 indexed profileId, address indexed recovery);

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice Number of profiles registered; also the id of the newest one.
    function profileCount() external view returns (uint256);

    /// @notice The custody address of `profileId` (zero when it does not exist).
    function custodyOf(uint256 profileId) external view returns (address);

    /// @notice The recovery address of `profileId` (zero when none or when it does not exist).
    function recoveryOf(uint256 profileId) external view returns (address);

    /// @notice The handle of `profileId` (empty when it does not exist).
    function handleOf(uint256 profileId) external view returns (string memory);

    /// @notice The profile holding `handle`, or 0 when the handle is free or not a valid handle.
    function profileIdOf(string calldata handle) external view returns (uint256);

    /// @notice The address `profileId` is currently offered to (zero when none).
    function pendingCustodyOf(uint256 profileId) external view returns (address);

    /*//////////////////////////////////////////////////////////////
                                ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Registers a profile with `msg.sender` as custody.
    /// @param handle 3-16 characters of `[a-z0-9_]`, starting with a letter; must be free.
    /// @param recovery Address allowed to move custody (zero for none). Survives transfers.
    /// @param metadataHash sha256 digest of the profile's metadata document (may be zero).
    /// @return profileId The new profile's id.
    function register(string calldata handle, address recovery, bytes32 metadataHash)
        external
        returns (uint256 profileId);

    /// @notice Moves `profileId` to a new handle and frees the old one. Custody only.
    function changeHandle(uint256 profileId, string calldata handle) external;

    /// @notice Points `profileId` at a new metadata document. Custody (or an app key with the metadata scope).
    function changeMetadata(uint256 profileId, bytes32 metadataHash) external;

    /// @notice Offers `profileId` to `to`, replacing any earlier offer. Custody only.
    function offerTransfer(uint256 profileId, address to) external;

    /// @notice Withdraws the pending offer (`NoPendingTransfer` when there is none). Custody only.
    function cancelTransfer(uint256 profileId) external;

    /// @notice Accepts the offer of `profileId` made to `msg.sender`, who becomes custody.
    function acceptTransfer(uint256 profileId) external;

    /// @notice Sets the recovery address of `profileId` (zero disables recovery). Custody only.
    function changeRecovery(uint256 profileId, address recovery) external;

    /// @notice Moves custody of `profileId` to `to`. Recovery address only.
    function recover(uint256 profileId, address to) external;

    /*//////////////////////////////////////////////////////////////
                            SIGNED ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice `register` for `custody`, with `custody`'s signature (it must be the signer).
    function registerFor(
        address custody,
        string calldata handle,
        address recovery,
        bytes32 metadataHash,
        IKithSignatures.SignedAuth calldata auth
    ) external returns (uint256 profileId);

    /// @notice `changeHandle` with the custody's signature.
    function changeHandleFor(uint256 profileId, string calldata handle, IKithSignatures.SignedAuth calldata auth)
        external;

    /// @notice `changeMetadata` with the signature of the custody or an app key with the metadata scope.
    function changeMetadataFor(uint256 profileId, bytes32 metadataHash, IKithSignatures.SignedAuth calldata auth)
        external;

    /// @notice `offerTransfer` with the custody's signature.
    function offerTransferFor(uint256 profileId, address to, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `cancelTransfer` with the custody's signature.
    function cancelTransferFor(uint256 profileId, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `acceptTransfer` with the signature of the address the profile is offered to.
    function acceptTransferFor(uint256 profileId, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `changeRecovery` with the custody's signature.
    function changeRecoveryFor(uint256 profileId, address recovery, IKithSignatures.SignedAuth calldata auth)
        external;

    /// @notice `recover` with the recovery address's signature.
    function recoverFor(uint256 profileId, address to, IKithSignatures.SignedAuth calldata auth) external;
}
