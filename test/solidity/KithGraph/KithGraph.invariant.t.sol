// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StdInvariant} from "forge-std/StdInvariant.sol";

import {KithTestSuite} from "../KithTestSuite.sol";
import {GraphHandler} from "./handlers/GraphHandler.sol";

/// @notice Random follows, unfollows, blocks, unblocks and batches between a few profiles: the
///         graph, the handler's model of it and the graph rebuilt from the events must agree.
contract KithGraphInvariantTest is KithTestSuite {
    GraphHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new GraphHandler(kith);

        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = GraphHandler.follow.selector;
        selectors[1] = GraphHandler.unfollow.selector;
        selectors[2] = GraphHandler.blockProfile.selector;
        selectors[3] = GraphHandler.unblockProfile.selector;
        selectors[4] = GraphHandler.followBatch.selector;
        selectors[5] = GraphHandler.unfollowBatch.selector;
        selectors[6] = GraphHandler.blockBatch.selector;
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @dev An indexer replaying the events sees exactly the contract's follows and blocks, and so
    ///      does the handler's own model.
    function invariant_EventHistoryMatchesGraph() public view {
        uint256 profiles = handler.PROFILES();
        for (uint256 a = 1; a <= profiles; ++a) {
            for (uint256 b = 1; b <= profiles; ++b) {
                bool following = kith.isFollowing(a, b);
                bool blocking = kith.isBlocking(a, b);
                assertEq(handler.eventFollows(a, b), following, "events vs isFollowing");
                assertEq(handler.modelFollows(a, b), following, "model vs isFollowing");
                assertEq(handler.eventBlocks(a, b), blocking, "events vs isBlocking");
                assertEq(handler.modelBlocks(a, b), blocking, "model vs isBlocking");
            }
        }
    }

    function invariant_NoPairBothFollowingAndBlocked() public view {
        uint256 profiles = handler.PROFILES();
        for (uint256 a = 1; a <= profiles; ++a) {
            for (uint256 b = 1; b <= profiles; ++b) {
                if (kith.isFollowing(a, b)) {
                    assertFalse(kith.isBlocking(a, b), "follower blocks followee");
                    assertFalse(kith.isBlocking(b, a), "followee blocks follower");
                }
            }
            assertFalse(kith.isFollowing(a, a), "self follow");
            assertFalse(kith.isBlocking(a, a), "self block");
        }
    }

    function invariant_FollowedCountEqualsEdges() public view {
        (uint256 edges, uint256 blocks) = _countGraph();
        assertEq(edges, handler.followedEvents() - handler.unfollowedEvents(), "Followed - Unfollowed");
        assertEq(edges, handler.modelEdgeCount(), "model edges");
        assertEq(blocks, handler.blockedEvents() - handler.unblockedEvents(), "Blocked - Unblocked");
        assertEq(blocks, handler.modelBlockCount(), "model blocks");
    }

    /// @dev Every removed follow, explicit or cut by a block, produced exactly one `Unfollowed`.
    function invariant_UnfollowedEventsMatchRemovedFollows() public view {
        assertEq(handler.unfollowedEvents(), handler.modelUnfollowCount());
    }

    function invariant_EventsKeepIndexerRules() public view {
        assertEq(handler.indexerRuleViolations(), 0, "events that break the indexer's rules");
    }

    /// @dev A handler that skipped every call, or kept its books wrong, would make the invariants
    ///      vacuous: drive it by hand through a follow, a block that cuts follows both ways, and
    ///      an unblock, and check what it recorded. (Not an `afterInvariant` hook: that would also
    ///      fail on the empty sequences the shrinker tries, and hide the real counterexample.)
    function test_Handler_RecordsWhatItDid() public {
        handler.follow(1, 2);
        handler.follow(2, 1);
        handler.follow(1, 2); // 1 already follows 2: moves on to the next followable pair, (1, 3)
        handler.blockProfile(2, 1);
        handler.unblockProfile(0, false);

        assertEq(handler.executedCalls(), 5, "calls reaching kith");
        assertEq(handler.skippedCalls(), 0, "skipped calls");
        assertEq(handler.followedEvents(), 3, "Followed");
        assertEq(handler.unfollowedEvents(), 2, "Unfollowed (cut by the block)");
        assertEq(handler.blockedEvents(), 1, "Blocked");
        assertEq(handler.unblockedEvents(), 1, "Unblocked");
        assertEq(handler.modelUnfollowCount(), 2, "model unfollows");
        assertEq(handler.indexerRuleViolations(), 0, "violations");
        assertTrue(kith.isFollowing(1, 3), "the follow the handler moved on to");
        assertFalse(kith.isFollowing(1, 2), "cut by the block");
        assertFalse(kith.isBlocking(2, 1), "lifted");

        invariant_EventHistoryMatchesGraph();
        invariant_FollowedCountEqualsEdges();
    }

    function _countGraph() private view returns (uint256 edges, uint256 blocks) {
        uint256 profiles = handler.PROFILES();
        for (uint256 a = 1; a <= profiles; ++a) {
            for (uint256 b = 1; b <= profiles; ++b) {
                if (kith.isFollowing(a, b)) ++edges;
                if (kith.isBlocking(a, b)) ++blocks;
            }
        }
    }
}
