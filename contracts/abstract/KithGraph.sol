// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithGraph} from "../interfaces/IKithGraph.sol";
import {KithAppKeys} from "./KithAppKeys.sol";
import {Scopes} from "../libraries/Scopes.sol";

/// @title KithGraph
/// @notice Follows and blocks. The relation between two profiles lives in one storage slot, so a
///         follow writes one slot and a block can clear both follow directions in the same write.
abstract contract KithGraph is IKithGraph, KithAppKeys {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithGraph
    uint256 public constant MAX_BATCH_SIZE = 100;

    // Bits of a pair record, for the pair (lo, hi) with lo < hi.
    uint256 private constant _LO_FOLLOWS_HI = 1;
    uint256 private constant _HI_FOLLOWS_LO = 2;
    uint256 private constant _LO_BLOCKS_HI = 4;
    uint256 private constant _HI_BLOCKS_LO = 8;
    uint256 private constant _ANY_BLOCK = _LO_BLOCKS_HI | _HI_BLOCKS_LO;

    /// @notice EIP-712 type hash of `Follow`, signed for `followFor`.
    bytes32 public constant FOLLOW_TYPEHASH =
        keccak256("Follow(uint256 followerId,uint256 followeeId,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `FollowBatch`, signed for `followBatchFor`.
    bytes32 public constant FOLLOW_BATCH_TYPEHASH =
        keccak256("FollowBatch(uint256 followerId,uint256[] followeeIds,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `Unfollow`, signed for `unfollowFor`.
    bytes32 public constant UNFOLLOW_TYPEHASH =
        keccak256("Unfollow(uint256 followerId,uint256 followeeId,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `UnfollowBatch`, signed for `unfollowBatchFor`.
    bytes32 public constant UNFOLLOW_BATCH_TYPEHASH =
        keccak256("UnfollowBatch(uint256 followerId,uint256[] followeeIds,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `Block`, signed for `blockProfileFor`.
    bytes32 public constant BLOCK_TYPEHASH =
        keccak256("Block(uint256 blockerId,uint256 blockedId,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `BlockBatch`, signed for `blockBatchFor`.
    bytes32 public constant BLOCK_BATCH_TYPEHASH =
        keccak256("BlockBatch(uint256 blockerId,uint256[] blockedIds,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `Unblock`, signed for `unblockProfileFor`.
    bytes32 public constant UNBLOCK_TYPEHASH =
        keccak256("Unblock(uint256 blockerId,uint256 blockedId,uint256 nonce,uint256 deadline)");

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev Relation of two profiles. A struct so that a read-modify-write computes the slot once.
    struct Pair {
        uint256 bits;
    }

    /// @dev The relation of the unordered pair `lo << 128 | hi`, lo < hi (see the bit constants).
    mapping(uint256 pairKey => Pair) internal _pairs;

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithGraph
    function isFollowing(uint256 followerId, uint256 followeeId) external view returns (bool) {
        if ((followerId | followeeId) >> 96 != 0) return false;
        (Pair storage pair, uint256 followBit,) = _pair(followerId, followeeId);
        return pair.bits & followBit != 0;
    }

    /// @inheritdoc IKithGraph
    function isBlocking(uint256 blockerId, uint256 blockedId) external view returns (bool) {
        if ((blockerId | blockedId) >> 96 != 0) return false;
        (Pair storage pair,, uint256 blockBit) = _pair(blockerId, blockedId);
        return pair.bits & blockBit != 0;
    }

    /*//////////////////////////////////////////////////////////////
                               GRAPH LOGIC
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithGraph
    function follow(uint256 followerId, uint256 followeeId) external {
        _authorize(followerId, msg.sender, Scopes.FOLLOW);
        _follow(followerId, followeeId);
    }

    /// @inheritdoc IKithGraph
    function followBatch(uint256 followerId, uint256[] calldata followeeIds) external {
        _batch(msg.sender, followerId, followeeIds, Scopes.FOLLOW, _follow);
    }

    /// @inheritdoc IKithGraph
    function unfollow(uint256 followerId, uint256 followeeId) external {
        _authorize(followerId, msg.sender, Scopes.FOLLOW);
        _unfollow(followerId, followeeId);
    }

    /// @inheritdoc IKithGraph
    function unfollowBatch(uint256 followerId, uint256[] calldata followeeIds) external {
        _batch(msg.sender, followerId, followeeIds, Scopes.FOLLOW, _unfollow);
    }

    /// @inheritdoc IKithGraph
    function blockProfile(uint256 blockerId, uint256 blockedId) external {
        _authorize(blockerId, msg.sender, Scopes.BLOCK);
        _block(blockerId, blockedId);
    }

    /// @inheritdoc IKithGraph
    function blockBatch(uint256 blockerId, uint256[] calldata blockedIds) external {
        _batch(msg.sender, blockerId, blockedIds, Scopes.BLOCK, _block);
    }

    /// @inheritdoc IKithGraph
    function unblockProfile(uint256 blockerId, uint256 blockedId) external {
        _authorize(blockerId, msg.sender, Scopes.BLOCK);
        _unblock(blockerId, blockedId);
    }

    /*//////////////////////////////////////////////////////////////
                             SIGNED ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithGraph
    function followFor(uint256 followerId, uint256 followeeId, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(abi.encode(FOLLOW_TYPEHASH, followerId, followeeId, auth.nonce, auth.deadline));
        _authorize(followerId, _verify(structHash, auth), Scopes.FOLLOW);
        _follow(followerId, followeeId);
    }

    /// @inheritdoc IKithGraph
    function followBatchFor(uint256 followerId, uint256[] calldata followeeIds, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(
            abi.encode(
                FOLLOW_BATCH_TYPEHASH, followerId, keccak256(abi.encodePacked(followeeIds)), auth.nonce, auth.deadline
            )
        );
        _batch(_verify(structHash, auth), followerId, followeeIds, Scopes.FOLLOW, _follow);
    }

    /// @inheritdoc IKithGraph
    function unfollowFor(uint256 followerId, uint256 followeeId, SignedAuth calldata auth) external {
        bytes32 structHash =
            keccak256(abi.encode(UNFOLLOW_TYPEHASH, followerId, followeeId, auth.nonce, auth.deadline));
        _authorize(followerId, _verify(structHash, auth), Scopes.FOLLOW);
        _unfollow(followerId, followeeId);
    }

    /// @inheritdoc IKithGraph
    function unfollowBatchFor(uint256 followerId, uint256[] calldata followeeIds, SignedAuth calldata auth)
        external
    {
        bytes32 structHash = keccak256(
            abi.encode(
                UNFOLLOW_BATCH_TYPEHASH, followerId, keccak256(abi.encodePacked(followeeIds)), auth.nonce, auth.deadline
            )
        );
        _batch(_verify(structHash, auth), followerId, followeeIds, Scopes.FOLLOW, _unfollow);
    }

    /// @inheritdoc IKithGraph
    function blockProfileFor(uint256 blockerId, uint256 blockedId, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(abi.encode(BLOCK_TYPEHASH, blockerId, blockedId, auth.nonce, auth.deadline));
        _authorize(blockerId, _verify(structHash, auth), Scopes.BLOCK);
        _block(blockerId, blockedId);
    }

    /// @inheritdoc IKithGraph
    function blockBatchFor(uint256 blockerId, uint256[] calldata blockedIds, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(
            abi.encode(
                BLOCK_BATCH_TYPEHASH, blockerId, keccak256(abi.encodePacked(blockedIds)), auth.nonce, auth.deadline
            )
        );
        _batch(_verify(structHash, auth), blockerId, blockedIds, Scopes.BLOCK, _block);
    }

    /// @inheritdoc IKithGraph
    function unblockProfileFor(uint256 blockerId, uint256 blockedId, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(abi.encode(UNBLOCK_TYPEHASH, blockerId, blockedId, auth.nonce, auth.deadline));
        _authorize(blockerId, _verify(structHash, auth), Scopes.BLOCK);
        _unblock(blockerId, blockedId);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Authorizes `actor` for `profileId` within `scope` once, then applies `each` to every id.
    function _batch(
        address actor,
        uint256 profileId,
        uint256[] calldata ids,
        uint256 scope,
        function(uint256, uint256) internal each
    ) private {
        _authorize(profileId, actor, scope);
        _requireBatchSize(ids.length);
        for (uint256 i; i < ids.length; ++i) {
            each(profileId, ids[i]);
        }
    }

    /// @dev Callers have authorized `followerId` (likewise for the functions below).
    function _follow(uint256 followerId, uint256 followeeId) internal {
        if (followerId == followeeId) revert SelfAction(followerId);
        // followerId was authorized, so it exists: most follows go to older profiles and need no read.
        if (!_isProfile(followeeId, followerId)) revert UnknownProfile(followeeId);
        (Pair storage pair, uint256 followBit, uint256 blockBit) = _pair(followerId, followeeId);
        uint256 bits = pair.bits;
        // One test on the hot path; name the exact reason only when it fails.
        if (bits & (followBit | _ANY_BLOCK) != 0) {
            if (bits & followBit != 0) revert AlreadyFollowing(followerId, followeeId);
            // Name the follower's own block first: that is the one it can lift.
            if (bits & blockBit != 0) revert ProfileBlocked(followerId, followeeId);
            revert ProfileBlocked(followeeId, followerId);
        }
        pair.bits = bits | followBit;
        emit Followed(followerId, followeeId);
    }

    function _unfollow(uint256 followerId, uint256 followeeId) internal {
        if (followeeId >> 96 != 0) revert NotFollowing(followerId, followeeId);
        (Pair storage pair, uint256 followBit,) = _pair(followerId, followeeId);
        uint256 bits = pair.bits;
        if (bits & followBit == 0) revert NotFollowing(followerId, followeeId);
        pair.bits = bits & ~followBit;
        emit Unfollowed(followerId, followeeId);
    }

    function _block(uint256 blockerId, uint256 blockedId) internal {
        if (blockerId == blockedId) revert SelfAction(blockerId);
        if (!_isProfile(blockedId, blockerId)) revert UnknownProfile(blockedId);
        (Pair storage pair, uint256 followBit, uint256 blockBit) = _pair(blockerId, blockedId);
        uint256 bits = pair.bits;
        if (bits & blockBit != 0) revert AlreadyBlocked(blockerId, blockedId);
        // The reverse follow bit is the other follow bit of the pair.
        uint256 reverseFollowBit = followBit ^ (_LO_FOLLOWS_HI | _HI_FOLLOWS_LO);
        if (bits & followBit != 0) emit Unfollowed(blockerId, blockedId);
        if (bits & reverseFollowBit != 0) emit Unfollowed(blockedId, blockerId);
        pair.bits = (bits & _ANY_BLOCK) | blockBit;
        emit Blocked(blockerId, blockedId);
    }

    function _unblock(uint256 blockerId, uint256 blockedId) internal {
        if (blockedId >> 96 != 0) revert NotBlocked(blockerId, blockedId);
        (Pair storage pair,, uint256 blockBit) = _pair(blockerId, blockedId);
        uint256 bits = pair.bits;
        if (bits & blockBit == 0) revert NotBlocked(blockerId, blockedId);
        pair.bits = bits & ~blockBit;
        emit Unblocked(blockerId, blockedId);
    }

    /// @dev The relation of `a` and `b`, and its bits meaning "a follows b" and "a blocks b".
    ///      Callers guarantee both ids are registered, hence below 2**96 (see KithProfiles): an id of
    ///      2**128 or more would alias another pair's key.
    function _pair(uint256 a, uint256 b)
        private
        view
        returns (Pair storage pair, uint256 followBit, uint256 blockBit)
    {
        // Branch-free on purpose: follow is the hottest path and every jump costs gas there.
        uint256 key;
        assembly ("memory-safe") {
            let aIsLo := lt(a, b)
            let lo := xor(b, mul(xor(a, b), aIsLo)) // aIsLo ? a : b
            let hi := xor(a, mul(xor(a, b), aIsLo)) // aIsLo ? b : a
            key := or(shl(128, lo), hi)
            followBit := sub(2, aIsLo) // _LO_FOLLOWS_HI (1) or _HI_FOLLOWS_LO (2)
        }
        blockBit = followBit << 2; // _LO_BLOCKS_HI (4) or _HI_BLOCKS_LO (8)
        pair = _pairs[key];
    }

    function _requireBatchSize(uint256 size) private pure {
        if (size == 0 || size > MAX_BATCH_SIZE) revert InvalidBatchSize(size, MAX_BATCH_SIZE);
    }
}
