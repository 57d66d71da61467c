// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKithSignatures} from "./IKithSignatures.sol";

/// @title Kith app keys
/// @notice A profile's custody can let other addresses (an app's key) act for the profile within
///         scopes it chooses, until an expiry. An app key sends transactions itself or signs for a
///         relayer. It can never change custody, handle, recovery or app keys. Changing custody
///         (transfer or recovery) revokes every app key of the profile.
/// @dev Scopes are bits: 1 post (post, reply, quote, repost, delete), 2 react, 4 follow (follow,
///      unfollow), 8 block (block, unblock), 16 metadata, 32 tip. See `Scopes`.
interface IKithAppKeys {
    /// @notice `scopes` is zero or has bits outside the known scopes.
    error InvalidScopes(uint256 scopes);
    /// @notice The expiry is not in the future.
    error InvalidExpiry(uint256 expiry);
    /// @notice The key is the zero address.
    error InvalidAppKey(address key);
    /// @notice `key` is an app key of `profileId`, but its authorization ended at `expiry`.
    error AppKeyExpired(uint256 profileId, address key, uint256 expiry);
    /// @notice `key` is an app key of `profileId`, but not for `scope`.
    error AppKeyOutOfScope(uint256 profileId, address key, uint256 scope);

    /// @notice `key` may act for `profileId` within `scopes` until `expiry` (unix seconds). Replaces
    ///         an earlier authorization of the same key.
    /// @dev The indexer may rely on: a key is active from this event until `AppKeyRevoked(id, key)`,
    ///      `AllAppKeysRevoked(id)` or `expiry`, whichever comes first.
    event AppKeyAdded(uint256 indexed profileId, address indexed key, uint256 scopes, uint256 expiry);

    /// @notice `key` may no longer act for `profileId`.
    event AppKeyRevoked(uint256 indexed profileId, address indexed key);

    /// @notice Every app key of `profileId` added before this event is revoked (by the custody, or
    ///         because custody changed).
    event AllAppKeysRevoked(uint256 indexed profileId);

    /// @notice The authorization of `key` for `profileId`: scopes, expiry, and whether it is in
    ///         force now (not revoked, not expired).
    function appKeyOf(uint256 profileId, address key)
        external
        view
        returns (uint256 scopes, uint256 expiry, bool active);

    /// @notice Authorizes `key` for `profileId` within `scopes` until `expiry`. Custody only.
    function addAppKey(uint256 profileId, address key, uint256 scopes, uint256 expiry) external;

    /// @notice Revokes one app key. Custody only.
    function revokeAppKey(uint256 profileId, address key) external;

    /// @notice Revokes every app key of `profileId` at once. Custody only.
    function revokeAllAppKeys(uint256 profileId) external;

    /// @notice `addAppKey` with the custody's signature.
    function addAppKeyFor(
        uint256 profileId,
        address key,
        uint256 scopes,
        uint256 expiry,
        IKithSignatures.SignedAuth calldata auth
    ) external;

    /// @notice `revokeAppKey` with the custody's signature.
    function revokeAppKeyFor(uint256 profileId, address key, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `revokeAllAppKeys` with the custody's signature.
    function revokeAllAppKeysFor(uint256 profileId, IKithSignatures.SignedAuth calldata auth) external;
}
