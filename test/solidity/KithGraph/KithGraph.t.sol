// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {IKithGraph} from "../../../contracts/interfaces/IKithGraph.sol";
import {IKithProfiles} from "../../../contracts/interfaces/IKithProfiles.sol";
import {KithTestSuite} from "../KithTestSuite.sol";

contract KithGraphTest is KithTestSuite {
    /// @dev First id the graph must treat as "no profile": ids live in 96 bits.
    uint256 internal constant ID_LIMIT = 2 ** 96;

    uint256 internal aliceId;
    uint256 internal bobId;
    uint256 internal carolId;

    function setUp() public override {
        super.setUp();
        aliceId = _register(alice, "alice");
        bobId = _register(bob, "bob");
        carolId = _register(carol, "carol");
    }

    /*//////////////////////////////////////////////////////////////
                                 FOLLOW
    //////////////////////////////////////////////////////////////*/

    function test_Follow_EmitsFollowed() public {
        vm.expectEmit(address(kith));
        emit IKithGraph.Followed(aliceId, bobId);
        _follow(aliceId, bobId);
    }

    function test_Follow_IsDirected() public {
        _follow(aliceId, bobId);

        assertTrue(kith.isFollowing(aliceId, bobId), "alice follows bob");
        assertFalse(kith.isFollowing(bobId, aliceId), "bob does not follow alice");
        assertFalse(kith.isBlocking(aliceId, bobId), "no block");
        assertFalse(kith.isFollowing(aliceId, carolId), "other pair untouched");
    }

    /// @dev The pair record is shared: the higher id following the lower one uses the other bit.
    function test_Follow_LowAndHighDirectionsAreIndependent() public {
        _follow(carolId, aliceId);
        assertTrue(kith.isFollowing(carolId, aliceId));
        assertFalse(kith.isFollowing(aliceId, carolId));

        _follow(aliceId, carolId);
        assertTrue(kith.isFollowing(aliceId, carolId));
        assertTrue(kith.isFollowing(carolId, aliceId));

        _unfollow(carolId, aliceId);
        assertFalse(kith.isFollowing(carolId, aliceId));
        assertTrue(kith.isFollowing(aliceId, carolId));
    }

    function test_Follow_RevertWhen_AlreadyFollowing() public {
        _follow(aliceId, bobId);
        _follow(bobId, aliceId);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.AlreadyFollowing.selector, aliceId, bobId));
        kith.follow(aliceId, bobId);

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.AlreadyFollowing.selector, bobId, aliceId));
        kith.follow(bobId, aliceId);

        assertTrue(kith.isFollowing(aliceId, bobId));
        assertTrue(kith.isFollowing(bobId, aliceId));
    }

    function test_Follow_RevertWhen_SelfAction() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.SelfAction.selector, aliceId));
        kith.follow(aliceId, aliceId);
        assertFalse(kith.isFollowing(aliceId, aliceId));
    }

    function test_Follow_RevertWhen_FolloweeUnknown() public {
        uint256[3] memory unknownIds = [uint256(0), 4, ID_LIMIT + bobId];
        for (uint256 i; i < unknownIds.length; ++i) {
            vm.prank(alice);
            vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, unknownIds[i]));
            kith.follow(aliceId, unknownIds[i]);
        }
        assertFalse(kith.isFollowing(aliceId, bobId), "a huge id must not alias bob");
    }

    function test_Follow_RevertWhen_FollowerUnknown() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, 4));
        kith.follow(4, bobId);
        assertFalse(kith.isFollowing(4, bobId));
    }

    function test_Follow_RevertWhen_NotCustody() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, aliceId, bob));
        kith.follow(aliceId, bobId);
        assertFalse(kith.isFollowing(aliceId, bobId));
    }

    function test_Follow_RevertWhen_FollowerBlocksFollowee() public {
        _block(aliceId, bobId);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.ProfileBlocked.selector, aliceId, bobId));
        kith.follow(aliceId, bobId);
        assertFalse(kith.isFollowing(aliceId, bobId));
    }

    function test_Follow_RevertWhen_FolloweeBlocksFollower() public {
        _block(bobId, aliceId);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.ProfileBlocked.selector, bobId, aliceId));
        kith.follow(aliceId, bobId);
        assertFalse(kith.isFollowing(aliceId, bobId));
    }

    /// @dev With blocks both ways, the error names the follower's own block: the one it can lift.
    function test_Follow_RevertWhen_MutuallyBlocked_NamesOwnBlock() public {
        _block(aliceId, bobId);
        _block(bobId, aliceId);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.ProfileBlocked.selector, aliceId, bobId));
        kith.follow(aliceId, bobId);

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.ProfileBlocked.selector, bobId, aliceId));
        kith.follow(bobId, aliceId);
    }

    /*//////////////////////////////////////////////////////////////
                                UNFOLLOW
    //////////////////////////////////////////////////////////////*/

    function test_Unfollow_EmitsUnfollowed() public {
        _follow(aliceId, bobId);

        vm.expectEmit(address(kith));
        emit IKithGraph.Unfollowed(aliceId, bobId);
        _unfollow(aliceId, bobId);
    }

    function test_Unfollow_ClearsOnlyThatDirection() public {
        _follow(aliceId, bobId);
        _follow(bobId, aliceId);
        _unfollow(aliceId, bobId);

        assertFalse(kith.isFollowing(aliceId, bobId));
        assertTrue(kith.isFollowing(bobId, aliceId));
    }

    function test_Unfollow_ThenFollowAgain() public {
        _follow(aliceId, bobId);
        _unfollow(aliceId, bobId);
        _follow(aliceId, bobId);
        assertTrue(kith.isFollowing(aliceId, bobId));
    }

    function test_Unfollow_RevertWhen_NotFollowing() public {
        // The reverse edge exists; this one does not.
        _follow(bobId, aliceId);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.NotFollowing.selector, aliceId, bobId));
        kith.unfollow(aliceId, bobId);
        assertTrue(kith.isFollowing(bobId, aliceId));
    }

    /// @dev `aliceId | 2**128` would alias the pair key of (alice, bob) if ids were not capped at 96 bits.
    function test_Unfollow_RevertWhen_HugeFolloweeId() public {
        _follow(aliceId, bobId);
        uint256[3] memory hugeIds = [ID_LIMIT, (aliceId << 128) | bobId, type(uint256).max];
        for (uint256 i; i < hugeIds.length; ++i) {
            vm.prank(alice);
            vm.expectRevert(abi.encodeWithSelector(IKithGraph.NotFollowing.selector, aliceId, hugeIds[i]));
            kith.unfollow(aliceId, hugeIds[i]);
        }
        assertTrue(kith.isFollowing(aliceId, bobId), "real edge untouched");
    }

    function test_Unfollow_RevertWhen_NotCustody() public {
        _follow(aliceId, bobId);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, aliceId, bob));
        kith.unfollow(aliceId, bobId);
        assertTrue(kith.isFollowing(aliceId, bobId));
    }

    function test_Unfollow_RevertWhen_FollowerUnknown() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, 0));
        kith.unfollow(0, bobId);
    }

    /*//////////////////////////////////////////////////////////////
                              FOLLOW BATCH
    //////////////////////////////////////////////////////////////*/

    function test_FollowBatch_EmitsFollowedForEach() public {
        vm.expectEmit(address(kith));
        emit IKithGraph.Followed(aliceId, bobId);
        vm.expectEmit(address(kith));
        emit IKithGraph.Followed(aliceId, carolId);
        vm.prank(alice);
        kith.followBatch(aliceId, _ids(bobId, carolId));

        assertTrue(kith.isFollowing(aliceId, bobId));
        assertTrue(kith.isFollowing(aliceId, carolId));
    }

    function test_FollowBatch_AcceptsMaxBatchSize() public {
        assertEq(kith.MAX_BATCH_SIZE(), 100);
        uint256 firstId = _registerMany(100);
        vm.prank(alice);
        kith.followBatch(aliceId, _idRange(firstId, 100));

        assertTrue(kith.isFollowing(aliceId, firstId), "first");
        assertTrue(kith.isFollowing(aliceId, firstId + 99), "last");
    }

    function test_FollowBatch_RevertWhen_Empty() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.InvalidBatchSize.selector, 0, 100));
        kith.followBatch(aliceId, new uint256[](0));
    }

    function test_FollowBatch_RevertWhen_TooLarge() public {
        uint256 firstId = _registerMany(101);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.InvalidBatchSize.selector, 101, 100));
        kith.followBatch(aliceId, _idRange(firstId, 101));
        assertFalse(kith.isFollowing(aliceId, firstId));
    }

    function test_FollowBatch_RevertWhen_AnyAlreadyFollowing_AllOrNothing() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.AlreadyFollowing.selector, aliceId, bobId));
        kith.followBatch(aliceId, _ids(bobId, carolId, bobId));

        assertFalse(kith.isFollowing(aliceId, bobId), "first follow rolled back");
        assertFalse(kith.isFollowing(aliceId, carolId), "second follow rolled back");
    }

    function test_FollowBatch_RevertWhen_AnySelf_AllOrNothing() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.SelfAction.selector, aliceId));
        kith.followBatch(aliceId, _ids(bobId, aliceId));
        assertFalse(kith.isFollowing(aliceId, bobId));
    }

    function test_FollowBatch_RevertWhen_AnyUnknown_AllOrNothing() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, 4));
        kith.followBatch(aliceId, _ids(bobId, 4));
        assertFalse(kith.isFollowing(aliceId, bobId));
    }

    function test_FollowBatch_RevertWhen_AnyBlocked_AllOrNothing() public {
        _block(carolId, aliceId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.ProfileBlocked.selector, carolId, aliceId));
        kith.followBatch(aliceId, _ids(bobId, carolId));
        assertFalse(kith.isFollowing(aliceId, bobId));
    }

    function test_FollowBatch_RevertWhen_NotCustody() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, aliceId, bob));
        kith.followBatch(aliceId, _ids(carolId));
        assertFalse(kith.isFollowing(aliceId, carolId));
    }

    /*//////////////////////////////////////////////////////////////
                             UNFOLLOW BATCH
    //////////////////////////////////////////////////////////////*/

    function test_UnfollowBatch_EmitsUnfollowedForEach() public {
        _follow(aliceId, bobId);
        _follow(aliceId, carolId);

        vm.expectEmit(address(kith));
        emit IKithGraph.Unfollowed(aliceId, carolId);
        vm.expectEmit(address(kith));
        emit IKithGraph.Unfollowed(aliceId, bobId);
        vm.prank(alice);
        kith.unfollowBatch(aliceId, _ids(carolId, bobId));

        assertFalse(kith.isFollowing(aliceId, bobId));
        assertFalse(kith.isFollowing(aliceId, carolId));
    }

    function test_UnfollowBatch_RevertWhen_AnyNotFollowing_AllOrNothing() public {
        _follow(aliceId, bobId);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.NotFollowing.selector, aliceId, carolId));
        kith.unfollowBatch(aliceId, _ids(bobId, carolId));
        assertTrue(kith.isFollowing(aliceId, bobId), "first unfollow rolled back");
    }

    function test_UnfollowBatch_RevertWhen_Duplicate_AllOrNothing() public {
        _follow(aliceId, bobId);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.NotFollowing.selector, aliceId, bobId));
        kith.unfollowBatch(aliceId, _ids(bobId, bobId));
        assertTrue(kith.isFollowing(aliceId, bobId));
    }

    function test_UnfollowBatch_RevertWhen_HugeId() public {
        _follow(aliceId, bobId);
        uint256 aliasOfBob = (aliceId << 128) | bobId;

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.NotFollowing.selector, aliceId, aliasOfBob));
        kith.unfollowBatch(aliceId, _ids(aliasOfBob));
        assertTrue(kith.isFollowing(aliceId, bobId));
    }

    function test_UnfollowBatch_RevertWhen_Empty() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.InvalidBatchSize.selector, 0, 100));
        kith.unfollowBatch(aliceId, new uint256[](0));
    }

    function test_UnfollowBatch_RevertWhen_TooLarge() public {
        _follow(aliceId, bobId);
        uint256[] memory ids = new uint256[](101);
        ids[0] = bobId;

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.InvalidBatchSize.selector, 101, 100));
        kith.unfollowBatch(aliceId, ids);
        assertTrue(kith.isFollowing(aliceId, bobId));
    }

    function test_UnfollowBatch_RevertWhen_NotCustody() public {
        _follow(aliceId, bobId);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, aliceId, bob));
        kith.unfollowBatch(aliceId, _ids(bobId));
        assertTrue(kith.isFollowing(aliceId, bobId));
    }

    /*//////////////////////////////////////////////////////////////
                                  BLOCK
    //////////////////////////////////////////////////////////////*/

    function test_Block_EmitsBlocked() public {
        vm.expectEmit(address(kith));
        emit IKithGraph.Blocked(aliceId, bobId);
        _block(aliceId, bobId);
    }

    function test_Block_IsDirected() public {
        _block(aliceId, bobId);

        assertTrue(kith.isBlocking(aliceId, bobId));
        assertFalse(kith.isBlocking(bobId, aliceId));
        assertFalse(kith.isBlocking(aliceId, carolId));
    }

    /// @dev Both follows go, each with its `Unfollowed`, and both come before `Blocked`.
    function test_Block_RemovesFollowsBothWays_EmitsUnfollowedBeforeBlocked() public {
        _follow(aliceId, bobId);
        _follow(bobId, aliceId);

        vm.recordLogs();
        _block(aliceId, bobId);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(logs.length, 3, "two Unfollowed and one Blocked");
        _assertLog(logs[0], IKithGraph.Unfollowed.selector, aliceId, bobId);
        _assertLog(logs[1], IKithGraph.Unfollowed.selector, bobId, aliceId);
        _assertLog(logs[2], IKithGraph.Blocked.selector, aliceId, bobId);

        assertFalse(kith.isFollowing(aliceId, bobId));
        assertFalse(kith.isFollowing(bobId, aliceId));
        assertTrue(kith.isBlocking(aliceId, bobId));
    }

    function test_Block_EmitsUnfollowedOnlyForExistingFollow() public {
        _follow(carolId, bobId); // the blocked profile follows the blocker (hi follows lo)

        vm.recordLogs();
        _block(bobId, carolId);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(logs.length, 2, "one Unfollowed and one Blocked");
        _assertLog(logs[0], IKithGraph.Unfollowed.selector, carolId, bobId);
        _assertLog(logs[1], IKithGraph.Blocked.selector, bobId, carolId);
        assertFalse(kith.isFollowing(carolId, bobId));
    }

    function test_Block_WithoutFollows_EmitsOnlyBlocked() public {
        vm.recordLogs();
        _block(aliceId, bobId);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(logs.length, 1);
        _assertLog(logs[0], IKithGraph.Blocked.selector, aliceId, bobId);
    }

    function test_Block_LeavesOtherPairsAlone() public {
        _follow(aliceId, carolId);
        _follow(carolId, bobId);
        _block(aliceId, bobId);

        assertTrue(kith.isFollowing(aliceId, carolId));
        assertTrue(kith.isFollowing(carolId, bobId));
    }

    function test_Block_BothSidesCanBlock() public {
        _block(bobId, aliceId);
        _block(aliceId, bobId);

        assertTrue(kith.isBlocking(aliceId, bobId));
        assertTrue(kith.isBlocking(bobId, aliceId));
    }

    function test_Block_RevertWhen_AlreadyBlocked() public {
        _block(aliceId, bobId);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.AlreadyBlocked.selector, aliceId, bobId));
        kith.blockProfile(aliceId, bobId);
        assertTrue(kith.isBlocking(aliceId, bobId));
    }

    function test_Block_RevertWhen_SelfAction() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.SelfAction.selector, aliceId));
        kith.blockProfile(aliceId, aliceId);
        assertFalse(kith.isBlocking(aliceId, aliceId));
    }

    function test_Block_RevertWhen_BlockedUnknown() public {
        uint256[3] memory unknownIds = [uint256(0), 4, (aliceId << 128) | bobId];
        for (uint256 i; i < unknownIds.length; ++i) {
            vm.prank(alice);
            vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, unknownIds[i]));
            kith.blockProfile(aliceId, unknownIds[i]);
        }
        assertFalse(kith.isBlocking(aliceId, bobId), "a huge id must not alias bob");
    }

    function test_Block_RevertWhen_NotCustody() public {
        _follow(bobId, aliceId);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, aliceId, bob));
        kith.blockProfile(aliceId, bobId);

        assertFalse(kith.isBlocking(aliceId, bobId));
        assertTrue(kith.isFollowing(bobId, aliceId), "follow kept");
    }

    /*//////////////////////////////////////////////////////////////
                               BLOCK BATCH
    //////////////////////////////////////////////////////////////*/

    function test_BlockBatch_EmitsInOrder() public {
        _follow(bobId, aliceId);
        _follow(aliceId, carolId);

        vm.recordLogs();
        vm.prank(alice);
        kith.blockBatch(aliceId, _ids(bobId, carolId));
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(logs.length, 4);
        _assertLog(logs[0], IKithGraph.Unfollowed.selector, bobId, aliceId);
        _assertLog(logs[1], IKithGraph.Blocked.selector, aliceId, bobId);
        _assertLog(logs[2], IKithGraph.Unfollowed.selector, aliceId, carolId);
        _assertLog(logs[3], IKithGraph.Blocked.selector, aliceId, carolId);
        assertTrue(kith.isBlocking(aliceId, bobId));
        assertTrue(kith.isBlocking(aliceId, carolId));
    }

    function test_BlockBatch_RevertWhen_Duplicate_AllOrNothing() public {
        _follow(bobId, aliceId);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.AlreadyBlocked.selector, aliceId, bobId));
        kith.blockBatch(aliceId, _ids(bobId, bobId));

        assertFalse(kith.isBlocking(aliceId, bobId), "block rolled back");
        assertTrue(kith.isFollowing(bobId, aliceId), "removed follow restored");
    }

    function test_BlockBatch_RevertWhen_AnySelf_AllOrNothing() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.SelfAction.selector, aliceId));
        kith.blockBatch(aliceId, _ids(bobId, aliceId));
        assertFalse(kith.isBlocking(aliceId, bobId));
    }

    function test_BlockBatch_RevertWhen_Empty() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.InvalidBatchSize.selector, 0, 100));
        kith.blockBatch(aliceId, new uint256[](0));
    }

    function test_BlockBatch_RevertWhen_TooLarge() public {
        uint256 firstId = _registerMany(101);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.InvalidBatchSize.selector, 101, 100));
        kith.blockBatch(aliceId, _idRange(firstId, 101));
        assertFalse(kith.isBlocking(aliceId, firstId));
    }

    function test_BlockBatch_RevertWhen_NotCustody() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, aliceId, bob));
        kith.blockBatch(aliceId, _ids(bobId));
        assertFalse(kith.isBlocking(aliceId, bobId));
    }

    /*//////////////////////////////////////////////////////////////
                                 UNBLOCK
    //////////////////////////////////////////////////////////////*/

    function test_Unblock_EmitsUnblocked() public {
        _block(aliceId, bobId);

        vm.expectEmit(address(kith));
        emit IKithGraph.Unblocked(aliceId, bobId);
        _unblock(aliceId, bobId);
    }

    function test_Unblock_DoesNotRestoreFollowsButAllowsThem() public {
        _follow(aliceId, bobId);
        _follow(bobId, aliceId);
        _block(aliceId, bobId);
        _unblock(aliceId, bobId);

        assertFalse(kith.isBlocking(aliceId, bobId));
        assertFalse(kith.isFollowing(aliceId, bobId), "no follow restored");
        assertFalse(kith.isFollowing(bobId, aliceId), "no follow restored");

        _follow(bobId, aliceId);
        _follow(aliceId, bobId);
        assertTrue(kith.isFollowing(bobId, aliceId));
        assertTrue(kith.isFollowing(aliceId, bobId));
    }

    function test_Unblock_KeepsOtherSidesBlock() public {
        _block(aliceId, bobId);
        _block(bobId, aliceId);
        _unblock(aliceId, bobId);

        assertFalse(kith.isBlocking(aliceId, bobId));
        assertTrue(kith.isBlocking(bobId, aliceId));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.ProfileBlocked.selector, bobId, aliceId));
        kith.follow(aliceId, bobId);
    }

    function test_Unblock_RevertWhen_NotBlocked() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.NotBlocked.selector, aliceId, bobId));
        kith.unblockProfile(aliceId, bobId);
    }

    /// @dev Only the blocker can lift its block; the blocked side has nothing to lift.
    function test_Unblock_RevertWhen_BlockedByOtherSide() public {
        _block(bobId, aliceId);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.NotBlocked.selector, aliceId, bobId));
        kith.unblockProfile(aliceId, bobId);
        assertTrue(kith.isBlocking(bobId, aliceId));
    }

    function test_Unblock_RevertWhen_HugeBlockedId() public {
        _block(aliceId, bobId);
        uint256[3] memory hugeIds = [ID_LIMIT, (aliceId << 128) | bobId, type(uint256).max];
        for (uint256 i; i < hugeIds.length; ++i) {
            vm.prank(alice);
            vm.expectRevert(abi.encodeWithSelector(IKithGraph.NotBlocked.selector, aliceId, hugeIds[i]));
            kith.unblockProfile(aliceId, hugeIds[i]);
        }
        assertTrue(kith.isBlocking(aliceId, bobId), "real block untouched");
    }

    function test_Unblock_RevertWhen_NotCustody() public {
        _block(aliceId, bobId);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, aliceId, bob));
        kith.unblockProfile(aliceId, bobId);
        assertTrue(kith.isBlocking(aliceId, bobId));
    }

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @dev Ids of 2**96 and up are not profiles, even when their low bits alias a real pair.
    function test_Views_ReturnFalseForHugeIds() public {
        _follow(aliceId, bobId);
        _follow(bobId, aliceId);
        _block(carolId, aliceId);
        uint256 bobAlias = (aliceId << 128) | bobId;

        assertTrue(kith.isFollowing(aliceId, bobId), "the real edge");
        assertFalse(kith.isFollowing(aliceId, bobAlias));
        assertFalse(kith.isFollowing(bobAlias, aliceId));
        assertFalse(kith.isFollowing(aliceId, ID_LIMIT + bobId));
        assertFalse(kith.isFollowing(ID_LIMIT + bobId, aliceId));
        assertFalse(kith.isBlocking((aliceId << 128) | carolId, aliceId));
        assertFalse(kith.isBlocking(carolId, ID_LIMIT + aliceId));
        assertFalse(kith.isBlocking(type(uint256).max, type(uint256).max));
    }

    /*//////////////////////////////////////////////////////////////
                                 TRANSFER
    //////////////////////////////////////////////////////////////*/

    function test_Transfer_GraphFollowsTheProfile() public {
        _follow(aliceId, bobId);
        vm.prank(alice);
        kith.offerTransfer(aliceId, dave);
        vm.prank(dave);
        kith.acceptTransfer(aliceId);

        assertTrue(kith.isFollowing(aliceId, bobId), "edges belong to the profile");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, aliceId, alice));
        kith.unfollow(aliceId, bobId);
        vm.prank(dave);
        kith.unfollow(aliceId, bobId);
        assertFalse(kith.isFollowing(aliceId, bobId));
    }

    /*//////////////////////////////////////////////////////////////
                                  FUZZ
    //////////////////////////////////////////////////////////////*/

    /// @dev Any two ids below 2**96, in either order (the pair stores lo < hi), plus a bystander.
    function testFuzz_FollowUnfollow_AnyIds(uint256 a, uint256 b, uint256 c) public {
        (a, b, c) = _distinctIds(a, b, c);

        vm.expectEmit(address(kith));
        emit IKithGraph.Followed(a, b);
        _follow(a, b);
        assertTrue(kith.isFollowing(a, b), "a -> b");
        assertFalse(kith.isFollowing(b, a), "b -/-> a");

        _follow(b, a);
        assertTrue(kith.isFollowing(b, a), "b -> a");
        assertTrue(kith.isFollowing(a, b), "a -> b kept");

        _assertNoEdgesWith(c, a, b);

        vm.expectEmit(address(kith));
        emit IKithGraph.Unfollowed(a, b);
        _unfollow(a, b);
        assertFalse(kith.isFollowing(a, b), "a -/-> b");
        assertTrue(kith.isFollowing(b, a), "b -> a kept");

        _unfollow(b, a);
        assertFalse(kith.isFollowing(b, a), "b -/-> a");
        vm.prank(kith.custodyOf(b));
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.NotFollowing.selector, b, a));
        kith.unfollow(b, a);
    }

    function testFuzz_Block_ClearsBothDirections_AnyIds(uint256 a, uint256 b, uint256 c) public {
        (a, b, c) = _distinctIds(a, b, c);
        _follow(a, b);
        _follow(b, a);
        _follow(a, c);

        _block(b, a);
        assertFalse(kith.isFollowing(a, b));
        assertFalse(kith.isFollowing(b, a));
        assertTrue(kith.isBlocking(b, a));
        assertFalse(kith.isBlocking(a, b));
        assertTrue(kith.isFollowing(a, c), "bystander edge kept");

        vm.prank(kith.custodyOf(a));
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.ProfileBlocked.selector, b, a));
        kith.follow(a, b);

        _unblock(b, a);
        assertFalse(kith.isBlocking(b, a));
        _follow(a, b);
        assertTrue(kith.isFollowing(a, b));
    }

    function testFuzz_Views_ReturnFalseForHugeIds(uint256 small, uint256 huge) public {
        small = bound(small, 1, 3);
        huge = bound(huge, ID_LIMIT, type(uint256).max);
        _follow(aliceId, bobId);
        _follow(bobId, carolId);
        _follow(carolId, aliceId);
        _block(bobId, aliceId);

        assertFalse(kith.isFollowing(small, huge));
        assertFalse(kith.isFollowing(huge, small));
        assertFalse(kith.isBlocking(small, huge));
        assertFalse(kith.isBlocking(huge, small));
    }

    function testFuzz_UnfollowUnblock_RevertWhen_HugeId(uint256 huge) public {
        huge = bound(huge, ID_LIMIT, type(uint256).max);
        _follow(aliceId, bobId);
        _block(aliceId, carolId);

        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.NotFollowing.selector, aliceId, huge));
        kith.unfollow(aliceId, huge);
        vm.expectRevert(abi.encodeWithSelector(IKithGraph.NotBlocked.selector, aliceId, huge));
        kith.unblockProfile(aliceId, huge);
        vm.stopPrank();

        assertTrue(kith.isFollowing(aliceId, bobId));
        assertTrue(kith.isBlocking(aliceId, carolId));
    }

    /// @dev Every graph action refuses any caller but the acting profile's custody.
    function testFuzz_OnlyCustodyMayAct(address caller) public {
        vm.assume(caller != alice);
        _follow(aliceId, carolId);
        _block(aliceId, carolId);
        _follow(aliceId, bobId);
        bytes memory notAuthorized = abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, aliceId, caller);

        vm.startPrank(caller);
        vm.expectRevert(notAuthorized);
        kith.follow(aliceId, carolId);
        vm.expectRevert(notAuthorized);
        kith.followBatch(aliceId, _ids(carolId));
        vm.expectRevert(notAuthorized);
        kith.unfollow(aliceId, bobId);
        vm.expectRevert(notAuthorized);
        kith.unfollowBatch(aliceId, _ids(bobId));
        vm.expectRevert(notAuthorized);
        kith.blockProfile(aliceId, bobId);
        vm.expectRevert(notAuthorized);
        kith.blockBatch(aliceId, _ids(bobId));
        vm.expectRevert(notAuthorized);
        kith.unblockProfile(aliceId, carolId);
        vm.stopPrank();

        assertTrue(kith.isFollowing(aliceId, bobId));
        assertFalse(kith.isBlocking(aliceId, bobId));
        assertTrue(kith.isBlocking(aliceId, carolId));
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev Three distinct forged profiles with ids in [1, 2**96), each with its own custody.
    function _distinctIds(uint256 a, uint256 b, uint256 c) private returns (uint256, uint256, uint256) {
        a = bound(a, 1, ID_LIMIT - 1);
        b = bound(b, 1, ID_LIMIT - 1);
        c = bound(c, 1, ID_LIMIT - 1);
        vm.assume(a != b && a != c && b != c);
        _forgeProfile(a, makeAddr("custody a"));
        _forgeProfile(b, makeAddr("custody b"));
        _forgeProfile(c, makeAddr("custody c"));
        return (a, b, c);
    }

    function _assertNoEdgesWith(uint256 bystander, uint256 a, uint256 b) private view {
        assertFalse(kith.isFollowing(bystander, a), "c -/-> a");
        assertFalse(kith.isFollowing(a, bystander), "a -/-> c");
        assertFalse(kith.isFollowing(bystander, b), "c -/-> b");
        assertFalse(kith.isFollowing(b, bystander), "b -/-> c");
    }
}
