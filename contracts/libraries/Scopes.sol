// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Scopes
/// @notice What an app key may do for a profile (see `IKithAppKeys`). Custody may do everything.
library Scopes {
    /// @notice post, reply, quote, repost and deletePost.
    uint256 internal constant POST = 1;
    /// @notice react and unreact.
    uint256 internal constant REACT = 2;
    /// @notice follow, unfollow and their batches.
    uint256 internal constant FOLLOW = 4;
    /// @notice blockProfile, unblockProfile and blockBatch.
    uint256 internal constant BLOCK = 8;
    /// @notice changeMetadata.
    uint256 internal constant METADATA = 16;
    /// @notice Tips attributed to the profile.
    uint256 internal constant TIP = 32;
    /// @notice Every scope an app key can hold.
    uint256 internal constant ALL = POST | REACT | FOLLOW | BLOCK | METADATA | TIP;
}
