// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Vm} from "forge-std/Vm.sol";

import {Kith} from "../../../../contracts/Kith.sol";
import {IKithGraph} from "../../../../contracts/interfaces/IKithGraph.sol";

/// @notice Drives random graph actions between a few profiles for `KithGraphInvariantTest`.
/// @dev Keeps two independent ghost copies of the graph:
///      - the model: what the handler asked for, updated by the handler's own rules;
///      - the event history: every `kith` log of every call, replayed the way an indexer would.
///      Calls that would revert are skipped, so the campaign can run with `failOnRevert`.
contract GraphHandler is CommonBase, StdCheats, StdUtils {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Profiles 1..PROFILES exist; every action picks its ids among them.
    uint256 public constant PROFILES = 5;

    /// @dev Longest batch the handler builds (the contract allows 100; 5 profiles need no more).
    uint256 private constant _MAX_BATCH = 8;
    /// @dev Longest block batch (see `blockBatch`).
    uint256 private constant _MAX_BLOCK_BATCH = 2;

    /*//////////////////////////////////////////////////////////////
                                IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    Kith public immutable kith;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    mapping(uint256 profileId => address custody) public custodyOf;

    // The model: what the handler did.
    mapping(uint256 followerId => mapping(uint256 followeeId => bool)) public modelFollows;
    mapping(uint256 blockerId => mapping(uint256 blockedId => bool)) public modelBlocks;
    uint256 public modelEdgeCount;
    uint256 public modelBlockCount;
    /// @notice Unfollowed events the model predicts: explicit unfollows plus follows cut by blocks.
    uint256 public modelUnfollowCount;

    // The event history, replayed.
    mapping(uint256 followerId => mapping(uint256 followeeId => bool)) public eventFollows;
    mapping(uint256 blockerId => mapping(uint256 blockedId => bool)) public eventBlocks;
    uint256 public followedEvents;
    uint256 public unfollowedEvents;
    uint256 public blockedEvents;
    uint256 public unblockedEvents;
    /// @notice Events that break a promise the indexer relies on (see `_replay`). Must stay 0.
    uint256 public indexerRuleViolations;

    /// @notice Calls that reached `kith`, and calls skipped because they would revert.
    uint256 public executedCalls;
    uint256 public skippedCalls;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    constructor(Kith _kith) {
        kith = _kith;
        for (uint256 i = 1; i <= PROFILES; ++i) {
            string memory handle = string.concat("member", vm.toString(i));
            address custody = makeAddr(handle);
            vm.prank(custody);
            uint256 profileId = _kith.register(handle, address(0), 0);
            require(profileId == i, "GraphHandler: ids must be 1..PROFILES");
            custodyOf[profileId] = custody;
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @dev Follows the pair the seeds name, or the next pair (in index order) that can follow.
    function follow(uint256 followerSeed, uint256 followeeSeed) external {
        (bool found, uint256 followerId, uint256 followeeId) =
            _findPair(_pairIndex(followerSeed, followeeSeed), _canFollow);
        if (!found) return _skip();

        _recordLogs(followerId);
        kith.follow(followerId, followeeId);
        _replayRecordedLogs();
        _modelFollow(followerId, followeeId);
    }

    /// @dev Removes one existing follow, picked by `seed`.
    function unfollow(uint256 seed) external {
        (bool found, uint256 followerId, uint256 followeeId) = _findPair(seed, _isFollowing);
        if (!found) return _skip();

        _recordLogs(followerId);
        kith.unfollow(followerId, followeeId);
        _replayRecordedLogs();
        _modelUnfollow(followerId, followeeId);
    }

    /// @dev Blocks the first pair, from the one the seeds name, that can block and has a follow
    ///      either way (so the block's implicit unfollows get exercised), else any pair that can block.
    function blockProfile(uint256 blockerSeed, uint256 blockedSeed) external {
        uint256 seed = _pairIndex(blockerSeed, blockedSeed);
        (bool found, uint256 blockerId, uint256 blockedId) = _findPair(seed, _canBlockFollowedPair);
        if (!found) (found, blockerId, blockedId) = _findPair(seed, _canBlock);
        if (!found) return _skip();

        _recordLogs(blockerId);
        kith.blockProfile(blockerId, blockedId);
        _replayRecordedLogs();
        _modelBlock(blockerId, blockedId);
    }

    /// @dev Lifts one existing block picked by `seed`, and a second one (its own transaction) when
    ///      `twice`: blocks are added by two actions, so they are lifted at the same pace.
    function unblockProfile(uint256 seed, bool twice) external {
        for (uint256 round; round < (twice ? 2 : 1); ++round) {
            (bool found, uint256 blockerId, uint256 blockedId) = _findPair(seed, _isBlocking);
            if (!found) return _skip();

            _recordLogs(blockerId);
            kith.unblockProfile(blockerId, blockedId);
            _replayRecordedLogs();
            modelBlocks[blockerId][blockedId] = false;
            --modelBlockCount;
        }
    }

    /// @dev Keeps the seeds whose follow would succeed after the ones kept before them.
    function followBatch(uint256 followerSeed, uint256[] calldata followeeSeeds) external {
        uint256 followerId = _profile(followerSeed);
        uint256[] memory followeeIds = new uint256[](_min(followeeSeeds.length, _MAX_BATCH));
        uint256 kept;
        for (uint256 i; i < followeeIds.length; ++i) {
            uint256 followeeId = _profile(followeeSeeds[i]);
            if (!_canFollow(followerId, followeeId)) continue;
            _modelFollow(followerId, followeeId);
            followeeIds[kept++] = followeeId;
        }
        if (kept == 0) return _skip();
        _truncate(followeeIds, kept);

        _recordLogs(followerId);
        kith.followBatch(followerId, followeeIds);
        _replayRecordedLogs();
    }

    /// @dev Unfollows the followees of one profile that has some: those whose bit is set in
    ///      `mask` (all of them when none is), in id order.
    function unfollowBatch(uint256 followerSeed, uint256 mask) external {
        (bool found, uint256 followerId,) = _findPair(followerSeed, _isFollowing);
        if (!found) return _skip();
        uint256[] memory followeeIds = new uint256[](PROFILES);
        uint256 kept;
        for (uint256 pass; pass < 2 && kept == 0; ++pass) {
            for (uint256 followeeId = 1; followeeId <= PROFILES; ++followeeId) {
                bool chosen = pass == 1 || (mask >> followeeId) & 1 == 1;
                if (chosen && modelFollows[followerId][followeeId]) followeeIds[kept++] = followeeId;
            }
        }
        _truncate(followeeIds, kept);
        for (uint256 i; i < kept; ++i) {
            _modelUnfollow(followerId, followeeIds[i]);
        }

        _recordLogs(followerId);
        kith.unfollowBatch(followerId, followeeIds);
        _replayRecordedLogs();
    }

    /// @dev Like `followBatch`, but short: blocks are sticky (only `unblockProfile` lifts them),
    ///      and long batches would leave every pair blocked after a few calls.
    function blockBatch(uint256 blockerSeed, uint256[] calldata blockedSeeds) external {
        uint256 blockerId = _profile(blockerSeed);
        uint256[] memory blockedIds = new uint256[](_min(blockedSeeds.length, _MAX_BLOCK_BATCH));
        uint256 kept;
        for (uint256 i; i < blockedIds.length; ++i) {
            uint256 blockedId = _profile(blockedSeeds[i]);
            if (!_canBlock(blockerId, blockedId)) continue;
            _modelBlock(blockerId, blockedId);
            blockedIds[kept++] = blockedId;
        }
        if (kept == 0) return _skip();
        _truncate(blockedIds, kept);

        _recordLogs(blockerId);
        kith.blockBatch(blockerId, blockedIds);
        _replayRecordedLogs();
    }

    /*//////////////////////////////////////////////////////////////
                                  MODEL
    //////////////////////////////////////////////////////////////*/

    function _canFollow(uint256 followerId, uint256 followeeId) private view returns (bool) {
        return followerId != followeeId && !modelFollows[followerId][followeeId]
            && !modelBlocks[followerId][followeeId] && !modelBlocks[followeeId][followerId];
    }

    function _canBlock(uint256 blockerId, uint256 blockedId) private view returns (bool) {
        return blockerId != blockedId && !modelBlocks[blockerId][blockedId];
    }

    function _canBlockFollowedPair(uint256 blockerId, uint256 blockedId) private view returns (bool) {
        return _canBlock(blockerId, blockedId)
            && (modelFollows[blockerId][blockedId] || modelFollows[blockedId][blockerId]);
    }

    function _isFollowing(uint256 followerId, uint256 followeeId) private view returns (bool) {
        return modelFollows[followerId][followeeId];
    }

    function _isBlocking(uint256 blockerId, uint256 blockedId) private view returns (bool) {
        return modelBlocks[blockerId][blockedId];
    }

    /// @dev The first ordered pair, from index `seed` on (wrapping around), for which `accepts` holds.
    ///      Pair index p stands for (p / PROFILES + 1, p % PROFILES + 1).
    function _findPair(uint256 seed, function(uint256, uint256) view returns (bool) accepts)
        private
        view
        returns (bool found, uint256 a, uint256 b)
    {
        uint256 pairs = PROFILES * PROFILES;
        for (uint256 i; i < pairs; ++i) {
            uint256 index = (seed % pairs + i) % pairs;
            (a, b) = (index / PROFILES + 1, index % PROFILES + 1);
            if (accepts(a, b)) return (true, a, b);
        }
    }

    function _modelFollow(uint256 followerId, uint256 followeeId) private {
        modelFollows[followerId][followeeId] = true;
        ++modelEdgeCount;
    }

    function _modelUnfollow(uint256 followerId, uint256 followeeId) private {
        modelFollows[followerId][followeeId] = false;
        --modelEdgeCount;
        ++modelUnfollowCount;
    }

    function _modelBlock(uint256 blockerId, uint256 blockedId) private {
        if (modelFollows[blockerId][blockedId]) _modelUnfollow(blockerId, blockedId);
        if (modelFollows[blockedId][blockerId]) _modelUnfollow(blockedId, blockerId);
        modelBlocks[blockerId][blockedId] = true;
        ++modelBlockCount;
    }

    /*//////////////////////////////////////////////////////////////
                              EVENT HISTORY
    //////////////////////////////////////////////////////////////*/

    /// @dev Starts recording and makes the next call come from `profileId`'s custody.
    function _recordLogs(uint256 profileId) private {
        ++executedCalls;
        vm.recordLogs();
        vm.prank(custodyOf[profileId]);
    }

    /// @dev Applies the call's logs, in order, to the event-derived graph, counting any event
    ///      that breaks the interface's promises: `Followed` only for a new edge between
    ///      unblocked profiles, `Unfollowed` only for an existing edge, `Blocked` only for a new
    ///      block and only after the pair's follows were closed by earlier `Unfollowed` events,
    ///      `Unblocked` only for an existing block, and no other event from a graph action.
    function _replayRecordedLogs() private {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory log = logs[i];
            if (log.emitter != address(kith) || log.topics.length != 3) {
                ++indexerRuleViolations;
                continue;
            }
            bytes32 topic = log.topics[0];
            uint256 a = uint256(log.topics[1]);
            uint256 b = uint256(log.topics[2]);
            if (topic == IKithGraph.Followed.selector) {
                if (eventFollows[a][b] || eventBlocks[a][b] || eventBlocks[b][a]) ++indexerRuleViolations;
                eventFollows[a][b] = true;
                ++followedEvents;
            } else if (topic == IKithGraph.Unfollowed.selector) {
                if (!eventFollows[a][b]) ++indexerRuleViolations;
                eventFollows[a][b] = false;
                ++unfollowedEvents;
            } else if (topic == IKithGraph.Blocked.selector) {
                if (eventBlocks[a][b] || eventFollows[a][b] || eventFollows[b][a]) ++indexerRuleViolations;
                eventBlocks[a][b] = true;
                ++blockedEvents;
            } else if (topic == IKithGraph.Unblocked.selector) {
                if (!eventBlocks[a][b]) ++indexerRuleViolations;
                eventBlocks[a][b] = false;
                ++unblockedEvents;
            } else {
                ++indexerRuleViolations;
            }
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev `_bound`, not `bound`: the latter logs through a console call, which would use up a prank.
    function _profile(uint256 seed) private pure returns (uint256) {
        return _bound(seed, 1, PROFILES);
    }

    function _pairIndex(uint256 firstSeed, uint256 secondSeed) private pure returns (uint256) {
        return (_profile(firstSeed) - 1) * PROFILES + _profile(secondSeed) - 1;
    }

    function _skip() private {
        ++skippedCalls;
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }

    function _truncate(uint256[] memory ids, uint256 length) private pure {
        assembly ("memory-safe") {
            mstore(ids, length)
        }
    }
}
