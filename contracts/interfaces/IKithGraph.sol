// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKithSignatures} from "./IKithSignatures.sol";

/// @title Kith social graph
/// @notice Directed follows and blocks between profiles. A block by either side removes the follows
///         between the two profiles and prevents new ones until it is lifted.
interface IKithGraph {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice A profile cannot follow or block itself.
    error SelfAction(uint256 profileId);
    /// @notice `followerId` already follows `followeeId`.
    error AlreadyFollowing(uint256 followerId, uint256 followeeId);
    /// @notice `followerId` does not follow `followeeId`.
    error NotFollowing(uint256 followerId, uint256 followeeId);
    /// @notice A follow between the two profiles is prevented: `blockerId` blocks `blockedId`.
    error ProfileBlocked(uint256 blockerId, uint256 blockedId);
    /// @notice `blockerId` already blocks `blockedId`.
    error AlreadyBlocked(uint256 blockerId, uint256 blockedId);
    /// @notice `blockerId` does not block `blockedId`.
    error NotBlocked(uint256 blockerId, uint256 blockedId);
    /// @notice A batch must hold between 1 and `max` ids.
    error InvalidBatchSize(uint256 size, uint256 max);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice `followerId` now follows `followeeId`.
    /// @dev The indexer may rely on: `Followed(a,b)` never emits twice without `Unfollowed(a,b)`
    ///      in between, and never while either profile blocks the other.
    event Followed(uint256 indexed followerId, uint256 indexed followeeId);

    /// @notice `followerId` no longer follows `followeeId` (by choice, or because of a block).
    /// @dev Emitted only for an edge that exists: it always closes a previous `Followed(a,b)`.
    event Unfollowed(uint256 indexed followerId, uint256 indexed followeeId);

    /// @notice `blockerId` blocks `blockedId`. Any follow between the two was removed first, with
    ///         its own `Unfollowed` event earlier in the same transaction.
    /// @dev Never emits twice without `Unblocked(a,b)` in between.
    event Blocked(uint256 indexed blockerId, uint256 indexed blockedId);

    /// @notice `blockerId` lifted its block of `blockedId`. No follow is restored.
    event Unblocked(uint256 indexed blockerId, uint256 indexed blockedId);

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice Largest number of ids one batch call accepts (bounds the loop and the gas).
    function MAX_BATCH_SIZE() external view returns (uint256);

    /// @notice Whether `followerId` follows `followeeId`.
    function isFollowing(uint256 followerId, uint256 followeeId) external view returns (bool);

    /// @notice Whether `blockerId` blocks `blockedId`.
    function isBlocking(uint256 blockerId, uint256 blockedId) external view returns (bool);

    /*//////////////////////////////////////////////////////////////
                                ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice `followerId` follows `followeeId`. Custody, or an app key with the follow scope (as for
    ///         every graph action: follow scope for follows, block scope for blocks).
    function follow(uint256 followerId, uint256 followeeId) external;

    /// @notice `followerId` follows each of `followeeIds` (1 to `MAX_BATCH_SIZE`); all or nothing.
    function followBatch(uint256 followerId, uint256[] calldata followeeIds) external;

    /// @notice `followerId` stops following `followeeId`.
    function unfollow(uint256 followerId, uint256 followeeId) external;

    /// @notice `followerId` stops following each of `followeeIds`; all or nothing.
    function unfollowBatch(uint256 followerId, uint256[] calldata followeeIds) external;

    /// @notice `blockerId` blocks `blockedId`, removing follows in both directions first.
    function blockProfile(uint256 blockerId, uint256 blockedId) external;

    /// @notice `blockerId` blocks each of `blockedIds`; all or nothing.
    function blockBatch(uint256 blockerId, uint256[] calldata blockedIds) external;

    /// @notice `blockerId` lifts its block of `blockedId`.
    function unblockProfile(uint256 blockerId, uint256 blockedId) external;

    /*//////////////////////////////////////////////////////////////
                            SIGNED ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice `follow` with the signature of the follower's custody or an app key with the follow scope.
    function followFor(uint256 followerId, uint256 followeeId, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `followBatch` with a signature (follow scope).
    function followBatchFor(uint256 followerId, uint256[] calldata followeeIds, IKithSignatures.SignedAuth calldata auth)
        external;

    /// @notice `unfollow` with a signature (follow scope).
    function unfollowFor(uint256 followerId, uint256 followeeId, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `unfollowBatch` with a signature (follow scope).
    function unfollowBatchFor(
        uint256 followerId,
        uint256[] calldata followeeIds,
        IKithSignatures.SignedAuth calldata auth
    ) external;

    /// @notice `blockProfile` with a signature (block scope).
    function blockProfileFor(uint256 blockerId, uint256 blockedId, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `blockBatch` with a signature (block scope).
    function blockBatchFor(uint256 blockerId, uint256[] calldata blockedIds, IKithSignatures.SignedAuth calldata auth)
        external;

    /// @notice `unblockProfile` with a signature (block scope).
    function unblockProfileFor(uint256 blockerId, uint256 blockedId, IKithSignatures.SignedAuth calldata auth)
        external;
}
