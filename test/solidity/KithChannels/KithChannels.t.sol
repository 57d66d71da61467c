// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithChannels} from "../../../contracts/interfaces/IKithChannels.sol";
import {IKithOwnedIds} from "../../../contracts/interfaces/IKithOwnedIds.sol";
import {IKithPosts} from "../../../contracts/interfaces/IKithPosts.sol";
import {IKithProfiles} from "../../../contracts/interfaces/IKithProfiles.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {Scopes} from "../../../contracts/libraries/Scopes.sol";
import {MockERC1271Wallet} from "../mocks/MockERC1271Wallet.sol";
import {TypedData} from "../TypedData.sol";
import {KithChannelsTestSuite} from "./KithChannelsTestSuite.sol";

/// @notice Channels: creation and rules (owner), moderation (moderators), membership and posting
///         (profiles, through custody or app keys), directly and signed.
contract KithChannelsTest is KithChannelsTestSuite {
    /*//////////////////////////////////////////////////////////////
                                 SETUP
    //////////////////////////////////////////////////////////////*/

    function test_Typehashes_MatchDocumentedTypes() public view {
        assertEq(channels.CREATE_CHANNEL_TYPEHASH(), keccak256(bytes(CREATE_CHANNEL_TYPE)));
        assertEq(channels.SET_RULES_TYPEHASH(), keccak256(bytes(SET_RULES_TYPE)));
        assertEq(channels.SET_MODERATOR_TYPEHASH(), keccak256(bytes(SET_MODERATOR_TYPE)));
        assertEq(channels.APPROVE_MEMBER_TYPEHASH(), keccak256(bytes(APPROVE_MEMBER_TYPE)));
        assertEq(channels.SET_BANNED_TYPEHASH(), keccak256(bytes(SET_BANNED_TYPE)));
        assertEq(channels.SET_POST_HIDDEN_TYPEHASH(), keccak256(bytes(SET_POST_HIDDEN_TYPE)));
        assertEq(channels.PIN_POST_TYPEHASH(), keccak256(bytes(PIN_POST_TYPE)));
        assertEq(channels.JOIN_CHANNEL_TYPEHASH(), keccak256(bytes(JOIN_CHANNEL_TYPE)));
        assertEq(channels.LEAVE_CHANNEL_TYPEHASH(), keccak256(bytes(LEAVE_CHANNEL_TYPE)));
        assertEq(channels.POST_IN_CHANNEL_TYPEHASH(), keccak256(bytes(POST_IN_CHANNEL_TYPE)));
    }

    function test_Eip712Domain_IsKithChannelsOnThisChain() public view {
        bytes32 expected = TypedData.domainSeparator(CHANNELS_DOMAIN_NAME, "1", address(channels));
        assertEq(TypedData.domainSeparator(channels), expected);
        assertEq(channels.kith(), address(kith));
        assertEq(channels.MAX_REASON_LENGTH(), MAX_REASON_LENGTH);
        assertEq(channels.MAX_URI_LENGTH(), MAX_URI_LENGTH);
    }

    /*//////////////////////////////////////////////////////////////
                              CREATE CHANNEL
    //////////////////////////////////////////////////////////////*/

    function test_CreateChannel_EmitsCreatedRulesAndOwnership() public {
        vm.expectEmit(address(channels));
        emit IKithChannels.ChannelCreated(4, alice, "alice_fans");
        vm.expectEmit(address(channels));
        emit IKithChannels.RulesChanged(4, IKithChannels.Membership.TokenGated, address(nft), 1);
        vm.expectEmit(address(channels));
        emit IKithOwnedIds.OwnershipTransferred(4, address(0), alice);
        vm.prank(bob);
        uint256 channelId = channels.createChannel("alice_fans", alice, IKithChannels.Membership.TokenGated, address(nft), 1);

        assertEq(channelId, 4);
        assertEq(channels.channelCount(), 4);
        assertEq(channels.channelIdOf("alice_fans"), 4);
        assertEq(channels.ownerOf(4), alice, "owned by the owner named");
        assertTrue(channels.isModerator(4, alice), "the owner is a moderator");
        assertFalse(channels.isModerator(4, bob), "the creator is not");
        IKithChannels.Rules memory rules = channels.rulesOf(4);
        assertEq(uint8(rules.membership), uint8(IKithChannels.Membership.TokenGated));
        assertEq(rules.gateToken, address(nft));
        assertEq(rules.minBalance, 1);
    }

    function test_CreateChannel_RevertWhen_NameTaken() public {
        vm.expectRevert(abi.encodeWithSelector(IKithChannels.ChannelNameTaken.selector, "builders", openId));
        channels.createChannel("builders", alice, IKithChannels.Membership.Open, address(0), 0);
        assertEq(channels.channelCount(), 3, "no channel");
    }

    function test_CreateChannel_RevertWhen_InvalidName() public {
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.InvalidHandleLength.selector, 2));
        channels.createChannel("ab", alice, IKithChannels.Membership.Open, address(0), 0);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.InvalidHandleLength.selector, 17));
        channels.createChannel("abcdefghijklmnopq", alice, IKithChannels.Membership.Open, address(0), 0);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.InvalidHandleCharacter.selector, 1, bytes1("B")));
        channels.createChannel("aBc", alice, IKithChannels.Membership.Open, address(0), 0);
        assertEq(channels.channelCount(), 3, "no channel");
        assertEq(channels.channelIdOf("aBc"), 0, "an invalid name has no channel");
        assertEq(channels.channelIdOf("nobody"), 0, "nor has a free one");
    }

    function test_CreateChannel_RevertWhen_InvalidRules() public {
        IKithChannels.Membership gated = IKithChannels.Membership.TokenGated;
        IKithChannels.Membership open = IKithChannels.Membership.Open;
        bytes4 selector = IKithChannels.InvalidRules.selector;
        vm.expectRevert(abi.encodeWithSelector(selector, gated, address(0), GATE_MIN));
        channels.createChannel("gated", alice, gated, address(0), GATE_MIN);
        vm.expectRevert(abi.encodeWithSelector(selector, gated, address(token), 0));
        channels.createChannel("gated", alice, gated, address(token), 0);
        vm.expectRevert(abi.encodeWithSelector(selector, open, address(token), 0));
        channels.createChannel("gated", alice, open, address(token), 0);
        vm.expectRevert(abi.encodeWithSelector(selector, IKithChannels.Membership.Approval, address(0), 1));
        channels.createChannel("gated", alice, IKithChannels.Membership.Approval, address(0), 1);
        assertEq(channels.channelIdOf("gated"), 0, "no channel");
    }

    function test_CreateChannel_RevertWhen_InvalidOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IKithOwnedIds.InvalidOwner.selector, address(0)));
        channels.createChannel("orphan", address(0), IKithChannels.Membership.Open, address(0), 0);
        assertEq(channels.channelIdOf("orphan"), 0, "name still free");
    }

    function test_CreateChannelFor_SignedByCreator() public {
        bytes memory fields =
            abi.encode(keccak256(bytes("signed")), alice, IKithChannels.Membership.Open, address(0), uint256(0));
        IKithSignatures.SignedAuth memory auth = _sign(carolPk, CREATE_CHANNEL_TYPE, fields);

        vm.expectEmit(address(channels));
        emit IKithChannels.ChannelCreated(4, alice, "signed");
        vm.prank(relayer);
        channels.createChannelFor("signed", alice, IKithChannels.Membership.Open, address(0), 0, auth);
        assertEq(channels.ownerOf(4), alice);
        assertEq(channels.nonces(carol, 0), 1);
    }

    function test_CreateChannelFor_RevertWhen_RelayerChangesRules() public {
        bytes memory fields =
            abi.encode(keccak256(bytes("signed")), alice, IKithChannels.Membership.Open, address(0), uint256(0));
        IKithSignatures.SignedAuth memory auth = _sign(carolPk, CREATE_CHANNEL_TYPE, fields);

        vm.expectRevert(_invalidSignature());
        vm.prank(relayer);
        channels.createChannelFor("signed", alice, IKithChannels.Membership.Approval, address(0), 0, auth);
        assertEq(channels.channelCount(), 3);
    }

    /*//////////////////////////////////////////////////////////////
                             OWNER ACTIONS
    //////////////////////////////////////////////////////////////*/

    function test_SetRules_EmitsRulesChanged_MembersStay() public {
        _join(aliceId, openId);
        vm.expectEmit(address(channels));
        emit IKithChannels.RulesChanged(openId, IKithChannels.Membership.TokenGated, address(nft), 1);
        vm.prank(founder);
        channels.setRules(openId, IKithChannels.Membership.TokenGated, address(nft), 1);

        assertEq(channels.rulesOf(openId).gateToken, address(nft));
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.Member);
        vm.expectRevert(_belowGate(openId, 0, 1));
        vm.prank(bob);
        channels.joinChannel(bobId, openId);
    }

    function test_SetRules_RevertWhen_NotOwner() public {
        vm.expectRevert(_notOwner(openId, moderator));
        vm.prank(moderator); // a moderator is not the owner
        channels.setRules(openId, IKithChannels.Membership.Approval, address(0), 0);
        vm.expectRevert(_notOwner(99, founder));
        vm.prank(founder);
        channels.setRules(99, IKithChannels.Membership.Approval, address(0), 0);
        assertEq(uint8(channels.rulesOf(openId).membership), uint8(IKithChannels.Membership.Open), "unchanged");
    }

    function test_SetRules_RevertWhen_InvalidRules() public {
        vm.expectRevert(
            abi.encodeWithSelector(IKithChannels.InvalidRules.selector, IKithChannels.Membership.TokenGated, address(0), 1)
        );
        vm.prank(founder);
        channels.setRules(openId, IKithChannels.Membership.TokenGated, address(0), 1);
    }

    function test_SetRulesFor_SignedByOwner() public {
        bytes memory fields = abi.encode(openId, IKithChannels.Membership.Approval, address(0), uint256(0));
        IKithSignatures.SignedAuth memory auth = _sign(founderPk, SET_RULES_TYPE, fields);

        vm.expectEmit(address(channels));
        emit IKithChannels.RulesChanged(openId, IKithChannels.Membership.Approval, address(0), 0);
        vm.prank(relayer);
        channels.setRulesFor(openId, IKithChannels.Membership.Approval, address(0), 0, auth);
    }

    function test_SetRulesFor_RevertWhen_SignerNotOwner() public {
        bytes memory fields = abi.encode(openId, IKithChannels.Membership.Approval, address(0), uint256(0));
        IKithSignatures.SignedAuth memory auth = _sign(moderatorPk, SET_RULES_TYPE, fields);

        vm.expectRevert(_notOwner(openId, moderator));
        vm.prank(relayer);
        channels.setRulesFor(openId, IKithChannels.Membership.Approval, address(0), 0, auth);
        assertEq(channels.nonces(moderator, 0), 0, "nonce kept");
    }

    function test_SetModerator_EmitsModeratorSet() public {
        vm.expectEmit(address(channels));
        emit IKithChannels.ModeratorSet(openId, carol, true);
        vm.prank(founder);
        channels.setModerator(openId, carol, true);
        assertTrue(channels.isModerator(openId, carol));
        assertFalse(channels.isModerator(approvalId, carol), "per channel");

        vm.expectEmit(address(channels));
        emit IKithChannels.ModeratorSet(openId, carol, false);
        vm.prank(founder);
        channels.setModerator(openId, carol, false);
        assertFalse(channels.isModerator(openId, carol));
    }

    function test_SetModerator_RevertWhen_NotOwner() public {
        vm.expectRevert(_notOwner(openId, moderator));
        vm.prank(moderator);
        channels.setModerator(openId, carol, true);
        assertFalse(channels.isModerator(openId, carol));
    }

    function test_SetModeratorFor_SignedByOwner() public {
        IKithSignatures.SignedAuth memory auth = _sign(founderPk, SET_MODERATOR_TYPE, abi.encode(openId, carol, true));
        vm.expectEmit(address(channels));
        emit IKithChannels.ModeratorSet(openId, carol, true);
        vm.prank(relayer);
        channels.setModeratorFor(openId, carol, true, auth);
        assertTrue(channels.isModerator(openId, carol));
    }

    function test_SetModeratorFor_RevertWhen_SignerNotOwner() public {
        IKithSignatures.SignedAuth memory auth = _sign(moderatorPk, SET_MODERATOR_TYPE, abi.encode(openId, carol, true));
        vm.expectRevert(_notOwner(openId, moderator));
        vm.prank(relayer);
        channels.setModeratorFor(openId, carol, true, auth);
        assertFalse(channels.isModerator(openId, carol));
        assertEq(channels.nonces(moderator, 0), 0, "nonce kept");
    }

    function test_Moderators_AfterOwnershipTransfer_AreCleared() public {
        vm.prank(founder);
        channels.transferOwnership(openId, carol);
        assertTrue(channels.isModerator(openId, founder), "still the owner until accepted");
        assertTrue(channels.isModerator(openId, moderator), "named moderators stay until accepted");
        vm.expectEmit(address(channels));
        emit IKithOwnedIds.OwnershipTransferred(openId, founder, carol);
        vm.expectEmit(address(channels));
        emit IKithChannels.ModeratorsCleared(openId);
        vm.prank(carol);
        channels.acceptOwnership(openId);

        assertFalse(channels.isModerator(openId, founder), "the old owner is no moderator");
        assertTrue(channels.isModerator(openId, carol), "the new owner is");
        // A takeover (say by a governance timelock) must not leave the old owner's appointees in place.
        assertFalse(channels.isModerator(openId, moderator), "the old owner's moderators are not");
        vm.expectRevert(_notModerator(openId, moderator));
        vm.prank(moderator);
        channels.setPostHidden(openId, (aliceId << 160) | 1, true, "");
        vm.expectRevert(_notOwner(openId, founder));
        vm.prank(founder);
        channels.setModerator(openId, moderator, true);

        vm.prank(carol);
        channels.setModerator(openId, moderator, true);
        assertTrue(channels.isModerator(openId, moderator), "the new owner names its own");
        assertFalse(channels.isModerator(approvalId, carol), "other channels untouched");
    }

    /*//////////////////////////////////////////////////////////////
                           MODERATOR ACTIONS
    //////////////////////////////////////////////////////////////*/

    function test_ApproveMember_EmitsMemberJoinedWithModerator() public {
        _join(aliceId, approvalId);
        vm.expectEmit(address(channels));
        emit IKithChannels.MemberJoined(approvalId, aliceId, moderator);
        vm.prank(moderator);
        channels.approveMember(approvalId, aliceId);
        _assertStatus(approvalId, aliceId, IKithChannels.MemberStatus.Member);
    }

    function test_ApproveMember_RevertWhen_NotModerator() public {
        _join(aliceId, approvalId);
        vm.expectRevert(_notModerator(approvalId, bob));
        vm.prank(bob);
        channels.approveMember(approvalId, aliceId);
        _assertStatus(approvalId, aliceId, IKithChannels.MemberStatus.Requested);
    }

    function test_ApproveMember_RevertWhen_InvalidStatus() public {
        vm.expectRevert(_invalidStatus(approvalId, aliceId, IKithChannels.MemberStatus.None));
        vm.prank(moderator);
        channels.approveMember(approvalId, aliceId);

        _joinApproved(bobId);
        vm.expectRevert(_invalidStatus(approvalId, bobId, IKithChannels.MemberStatus.Member));
        vm.prank(moderator);
        channels.approveMember(approvalId, bobId);

        _join(carolId, approvalId);
        _ban(carolId, approvalId);
        vm.expectRevert(_invalidStatus(approvalId, carolId, IKithChannels.MemberStatus.Banned));
        vm.prank(moderator);
        channels.approveMember(approvalId, carolId);
        _assertStatus(approvalId, carolId, IKithChannels.MemberStatus.Banned);
    }

    function test_ApproveMemberFor_SignedByModerator() public {
        _join(aliceId, approvalId);
        IKithSignatures.SignedAuth memory auth = _sign(moderatorPk, APPROVE_MEMBER_TYPE, abi.encode(approvalId, aliceId));

        vm.expectEmit(address(channels));
        emit IKithChannels.MemberJoined(approvalId, aliceId, moderator);
        vm.prank(relayer);
        channels.approveMemberFor(approvalId, aliceId, auth);
    }

    function test_ApproveMemberFor_RevertWhen_SignerNotModerator() public {
        _join(aliceId, approvalId);
        IKithSignatures.SignedAuth memory auth = _sign(alicePk, APPROVE_MEMBER_TYPE, abi.encode(approvalId, aliceId));

        vm.expectRevert(_notModerator(approvalId, alice));
        vm.prank(relayer);
        channels.approveMemberFor(approvalId, aliceId, auth);
        _assertStatus(approvalId, aliceId, IKithChannels.MemberStatus.Requested);
    }

    function test_SetBanned_EmitsMemberBanned_ThenUnbanned() public {
        _join(aliceId, openId);
        vm.expectEmit(address(channels));
        emit IKithChannels.MemberBanned(openId, aliceId, moderator, REASON);
        _ban(aliceId, openId);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.Banned);

        vm.expectEmit(address(channels));
        emit IKithChannels.MemberUnbanned(openId, aliceId, founder, "appealed");
        vm.prank(founder);
        channels.setBanned(openId, aliceId, false, "appealed");
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.None);
    }

    function test_SetBanned_NonMember_CannotJoinUntilUnbanned() public {
        _ban(aliceId, openId);
        vm.expectRevert(_banned(openId, aliceId));
        vm.prank(alice);
        channels.joinChannel(aliceId, openId);
        vm.expectRevert(_banned(openId, aliceId));
        vm.prank(alice);
        channels.leaveChannel(aliceId, openId);

        vm.prank(moderator);
        channels.setBanned(openId, aliceId, false, "");
        _join(aliceId, openId);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.Member);
    }

    function test_SetBanned_RevertWhen_InvalidStatus() public {
        _ban(aliceId, openId);
        vm.expectRevert(_invalidStatus(openId, aliceId, IKithChannels.MemberStatus.Banned));
        _ban(aliceId, openId);

        vm.expectRevert(_invalidStatus(openId, bobId, IKithChannels.MemberStatus.None));
        vm.prank(moderator);
        channels.setBanned(openId, bobId, false, REASON);
    }

    function test_SetBanned_RevertWhen_ReasonTooLong() public {
        string memory reason = string(new bytes(MAX_REASON_LENGTH + 1));
        vm.expectRevert(abi.encodeWithSelector(IKithChannels.ReasonTooLong.selector, MAX_REASON_LENGTH + 1, MAX_REASON_LENGTH));
        vm.prank(moderator);
        channels.setBanned(openId, aliceId, true, reason);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.None);
    }

    function test_SetBanned_RevertWhen_NotModerator() public {
        _join(aliceId, openId);
        vm.expectRevert(_notModerator(openId, bob));
        vm.prank(bob);
        channels.setBanned(openId, aliceId, true, REASON);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.Member);
    }

    function test_SetBannedFor_SignedByModerator() public {
        _join(aliceId, openId);
        IKithSignatures.SignedAuth memory auth = _signSetBanned(moderatorPk, openId, aliceId, true);

        vm.expectEmit(address(channels));
        emit IKithChannels.MemberBanned(openId, aliceId, moderator, REASON);
        vm.prank(relayer);
        channels.setBannedFor(openId, aliceId, true, REASON, auth);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.Banned);
    }

    function test_SetBannedFor_RevertWhen_ExpiredReplayedOrWrongSigner() public {
        IKithSignatures.SignedAuth memory ban = _signSetBanned(moderatorPk, openId, aliceId, true);
        IKithSignatures.SignedAuth memory forged = _claimedBy(_signSetBanned(malloryPk, openId, aliceId, true), moderator);
        vm.expectRevert(_invalidSignature());
        vm.prank(relayer);
        channels.setBannedFor(openId, aliceId, true, REASON, forged);

        vm.prank(relayer);
        channels.setBannedFor(openId, aliceId, true, REASON, ban);
        vm.prank(moderator);
        channels.setBanned(openId, aliceId, false, REASON);
        vm.expectRevert(_nonceError(moderator, 1));
        vm.prank(relayer);
        channels.setBannedFor(openId, aliceId, true, REASON, ban);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.None);

        IKithSignatures.SignedAuth memory late = _signSetBanned(moderatorPk, openId, aliceId, true);
        vm.warp(deadline + 1);
        vm.expectRevert(_expired(deadline));
        vm.prank(relayer);
        channels.setBannedFor(openId, aliceId, true, REASON, late);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.None);
    }

    function test_SetPostHidden_EmitsPostHidden() public {
        uint256 postId = _expectedChannelPostId(bobId, openId, CONTENT_HASH);
        vm.expectEmit(address(channels));
        emit IKithChannels.PostHidden(openId, postId, moderator, true, REASON);
        vm.prank(moderator);
        channels.setPostHidden(openId, postId, true, REASON);

        vm.expectEmit(address(channels));
        emit IKithChannels.PostHidden(openId, postId, founder, false, "");
        vm.prank(founder);
        channels.setPostHidden(openId, postId, false, "");
    }

    function test_SetPostHidden_RevertWhen_UnknownPostReasonOrNotModerator() public {
        uint256 postId = _expectedChannelPostId(bobId, openId, CONTENT_HASH);
        vm.expectRevert(abi.encodeWithSelector(IKithChannels.UnknownPost.selector, bobId));
        vm.prank(moderator);
        channels.setPostHidden(openId, bobId, true, REASON);

        string memory reason = string(new bytes(MAX_REASON_LENGTH + 1));
        vm.expectRevert(abi.encodeWithSelector(IKithChannels.ReasonTooLong.selector, MAX_REASON_LENGTH + 1, MAX_REASON_LENGTH));
        vm.prank(moderator);
        channels.setPostHidden(openId, postId, true, reason);

        vm.expectRevert(_notModerator(openId, bob));
        vm.prank(bob);
        channels.setPostHidden(openId, postId, true, REASON);
    }

    function test_SetPostHiddenFor_SignedByModerator() public {
        uint256 postId = _expectedChannelPostId(bobId, openId, CONTENT_HASH);
        IKithSignatures.SignedAuth memory auth =
            _sign(moderatorPk, SET_POST_HIDDEN_TYPE, abi.encode(openId, postId, true, keccak256(bytes(REASON))));

        vm.expectEmit(address(channels));
        emit IKithChannels.PostHidden(openId, postId, moderator, true, REASON);
        vm.prank(relayer);
        channels.setPostHiddenFor(openId, postId, true, REASON, auth);
    }

    function test_SetPostHiddenFor_RevertWhen_SignerNotModerator() public {
        uint256 postId = _expectedChannelPostId(bobId, openId, CONTENT_HASH);
        IKithSignatures.SignedAuth memory auth =
            _sign(bobPk, SET_POST_HIDDEN_TYPE, abi.encode(openId, postId, true, keccak256(bytes(REASON))));

        vm.expectRevert(_notModerator(openId, bob));
        vm.prank(relayer);
        channels.setPostHiddenFor(openId, postId, true, REASON, auth);
        assertEq(channels.nonces(bob, 0), 0, "nonce kept");
    }

    function test_PinPost_EmitsPostPinned_ZeroUnpins() public {
        uint256 postId = _expectedChannelPostId(bobId, openId, CONTENT_HASH);
        vm.expectEmit(address(channels));
        emit IKithChannels.PostPinned(openId, postId, moderator);
        vm.prank(moderator);
        channels.pinPost(openId, postId);

        vm.expectEmit(address(channels));
        emit IKithChannels.PostPinned(openId, 0, moderator);
        vm.prank(moderator);
        channels.pinPost(openId, 0);
    }

    function test_PinPost_RevertWhen_UnknownPostOrNotModerator() public {
        vm.expectRevert(abi.encodeWithSelector(IKithChannels.UnknownPost.selector, 1));
        vm.prank(moderator);
        channels.pinPost(openId, 1);

        uint256 postId = _expectedChannelPostId(bobId, openId, CONTENT_HASH);
        vm.expectRevert(_notModerator(openId, alice));
        vm.prank(alice);
        channels.pinPost(openId, postId);
    }

    function test_PinPostFor_SignedByModerator() public {
        uint256 postId = _expectedChannelPostId(bobId, openId, CONTENT_HASH);
        IKithSignatures.SignedAuth memory auth = _sign(moderatorPk, PIN_POST_TYPE, abi.encode(openId, postId));

        vm.expectEmit(address(channels));
        emit IKithChannels.PostPinned(openId, postId, moderator);
        vm.prank(relayer);
        channels.pinPostFor(openId, postId, auth);
    }

    function test_PinPostFor_RevertWhen_SignerNotModerator() public {
        IKithSignatures.SignedAuth memory auth = _sign(bobPk, PIN_POST_TYPE, abi.encode(openId, uint256(0)));
        vm.expectRevert(_notModerator(openId, bob));
        vm.prank(relayer);
        channels.pinPostFor(openId, 0, auth);
    }

    /*//////////////////////////////////////////////////////////////
                               MEMBERSHIP
    //////////////////////////////////////////////////////////////*/

    function test_JoinChannel_Open_EmitsMemberJoined() public {
        vm.expectEmit(address(channels));
        emit IKithChannels.MemberJoined(openId, aliceId, address(0));
        _join(aliceId, openId);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.Member);
    }

    function test_JoinChannel_Approval_EmitsMembershipRequested() public {
        vm.expectEmit(address(channels));
        emit IKithChannels.MembershipRequested(approvalId, aliceId);
        _join(aliceId, approvalId);
        _assertStatus(approvalId, aliceId, IKithChannels.MemberStatus.Requested);
    }

    function test_JoinChannel_TokenGated_ERC20() public {
        token.mint(alice, GATE_MIN - 1);
        vm.expectRevert(_belowGate(gatedId, GATE_MIN - 1, GATE_MIN));
        vm.prank(alice);
        channels.joinChannel(aliceId, gatedId);
        _assertStatus(gatedId, aliceId, IKithChannels.MemberStatus.None);

        token.mint(alice, 1);
        vm.expectEmit(address(channels));
        emit IKithChannels.MemberJoined(gatedId, aliceId, address(0));
        _join(aliceId, gatedId);
        _assertStatus(gatedId, aliceId, IKithChannels.MemberStatus.Member);

        // The gate counts when joining only: selling the tokens keeps the membership.
        vm.prank(alice);
        token.transfer(bob, GATE_MIN);
        _assertStatus(gatedId, aliceId, IKithChannels.MemberStatus.Member);
    }

    function test_JoinChannel_TokenGated_ERC721() public {
        uint256 nftId = _createChannel("nft_holders", IKithChannels.Membership.TokenGated, address(nft), 2);
        nft.mint(alice);
        vm.expectRevert(_belowGate(nftId, 1, 2));
        vm.prank(alice);
        channels.joinChannel(aliceId, nftId);

        nft.mint(alice);
        vm.expectEmit(address(channels));
        emit IKithChannels.MemberJoined(nftId, aliceId, address(0));
        _join(aliceId, nftId);
    }

    function test_JoinChannel_TokenGated_CountsCustodyNotAppKey() public {
        token.mint(appKey, GATE_MIN);
        _addAppKey(aliceId, appKey, Scopes.FOLLOW, START_TIME + 1 days);
        vm.expectRevert(_belowGate(gatedId, 0, GATE_MIN));
        vm.prank(appKey);
        channels.joinChannel(aliceId, gatedId);

        token.mint(alice, GATE_MIN);
        vm.prank(appKey);
        channels.joinChannel(aliceId, gatedId);
        _assertStatus(gatedId, aliceId, IKithChannels.MemberStatus.Member);
    }

    function test_JoinChannel_RevertWhen_UnknownChannel() public {
        vm.expectRevert(abi.encodeWithSelector(IKithChannels.UnknownChannel.selector, 99));
        vm.prank(alice);
        channels.joinChannel(aliceId, 99);
        _assertStatus(99, aliceId, IKithChannels.MemberStatus.None);
    }

    function test_JoinChannel_RevertWhen_AlreadyMemberOrRequested() public {
        _join(aliceId, openId);
        vm.expectRevert(_invalidStatus(openId, aliceId, IKithChannels.MemberStatus.Member));
        vm.prank(alice);
        channels.joinChannel(aliceId, openId);

        _join(aliceId, approvalId);
        vm.expectRevert(_invalidStatus(approvalId, aliceId, IKithChannels.MemberStatus.Requested));
        vm.prank(alice);
        channels.joinChannel(aliceId, approvalId);
    }

    function test_JoinChannel_ByAppKeyWithFollowScope() public {
        _addAppKey(aliceId, appKey, Scopes.FOLLOW, START_TIME + 1 days);
        vm.expectEmit(address(channels));
        emit IKithChannels.MemberJoined(openId, aliceId, address(0));
        vm.prank(appKey);
        channels.joinChannel(aliceId, openId);
    }

    function test_JoinChannel_RevertWhen_AppKeyOutOfScopeExpiredOrRevoked() public {
        _addAppKey(aliceId, appKey, Scopes.ALL & ~Scopes.FOLLOW, START_TIME + 1 days);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        vm.prank(appKey);
        channels.joinChannel(aliceId, openId);

        _addAppKey(aliceId, appKey, Scopes.FOLLOW, START_TIME + 1 days);
        vm.warp(START_TIME + 1 days);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        vm.prank(appKey);
        channels.joinChannel(aliceId, openId);

        _addAppKey(aliceId, appKey, Scopes.FOLLOW, START_TIME + 2 days);
        vm.prank(alice);
        kith.revokeAppKey(aliceId, appKey);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        vm.prank(appKey);
        channels.joinChannel(aliceId, openId);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.None);
    }

    function test_JoinChannel_RevertWhen_NotAuthorized() public {
        vm.expectRevert(_notAuthorized(aliceId, bob));
        vm.prank(bob);
        channels.joinChannel(aliceId, openId);
        vm.expectRevert(_notAuthorized(unregisteredId, mallory));
        vm.prank(mallory);
        channels.joinChannel(unregisteredId, openId);
    }

    function test_JoinChannel_CustodyChangeTakesEffectAtOnce() public {
        token.mint(alice, GATE_MIN);
        _moveAliceToDave();
        vm.expectRevert(_notAuthorized(aliceId, alice));
        vm.prank(alice);
        channels.joinChannel(aliceId, openId);

        // The gate now counts dave's balance, not alice's.
        vm.expectRevert(_belowGate(gatedId, 0, GATE_MIN));
        vm.prank(dave);
        channels.joinChannel(aliceId, gatedId);
        vm.prank(dave);
        channels.joinChannel(aliceId, openId);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.Member);
    }

    function test_JoinChannelFor_SignedByCustodyAndAppKey() public {
        IKithSignatures.SignedAuth memory auth = _signMembership(JOIN_CHANNEL_TYPE, alicePk, aliceId, openId);
        vm.expectEmit(address(channels));
        emit IKithChannels.MemberJoined(openId, aliceId, address(0));
        vm.prank(relayer);
        channels.joinChannelFor(aliceId, openId, auth);

        _addAppKey(aliceId, appKey, Scopes.FOLLOW, START_TIME + 1 days);
        auth = _signMembership(JOIN_CHANNEL_TYPE, appKeyPk, aliceId, approvalId);
        vm.expectEmit(address(channels));
        emit IKithChannels.MembershipRequested(approvalId, aliceId);
        vm.prank(relayer);
        channels.joinChannelFor(aliceId, approvalId, auth);
    }

    function test_JoinChannelFor_RevertWhen_SignerNotAuthorized() public {
        IKithSignatures.SignedAuth memory auth = _signMembership(JOIN_CHANNEL_TYPE, bobPk, aliceId, openId);
        vm.expectRevert(_notAuthorized(aliceId, bob));
        vm.prank(relayer);
        channels.joinChannelFor(aliceId, openId, auth);
        assertEq(channels.nonces(bob, 0), 0, "nonce kept");
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.None);
    }

    function test_JoinChannelFor_RevertWhen_ExpiredReplayedOrWrongSigner() public {
        IKithSignatures.SignedAuth memory auth = _signMembership(JOIN_CHANNEL_TYPE, alicePk, aliceId, openId);
        IKithSignatures.SignedAuth memory forged =
            _claimedBy(_signMembership(JOIN_CHANNEL_TYPE, malloryPk, aliceId, openId), alice);
        vm.expectRevert(_invalidSignature());
        vm.prank(relayer);
        channels.joinChannelFor(aliceId, openId, forged);

        vm.prank(relayer);
        channels.joinChannelFor(aliceId, openId, auth);
        vm.prank(alice);
        channels.leaveChannel(aliceId, openId);
        vm.expectRevert(_nonceError(alice, 1));
        vm.prank(relayer);
        channels.joinChannelFor(aliceId, openId, auth);

        auth = _signMembership(JOIN_CHANNEL_TYPE, alicePk, aliceId, openId);
        vm.warp(deadline + 1);
        vm.expectRevert(_expired(deadline));
        vm.prank(relayer);
        channels.joinChannelFor(aliceId, openId, auth);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.None);
        assertEq(channels.nonces(alice, 0), 1);
    }

    function test_JoinChannelFor_ProfileHeldByERC1271Wallet() public {
        MockERC1271Wallet wallet = new MockERC1271Wallet(carol);
        vm.prank(address(wallet));
        uint256 walletProfile = kith.register("walleted", address(0), METADATA_HASH);
        bytes memory fields = abi.encode(walletProfile, openId);
        IKithSignatures.SignedAuth memory auth = _claimedBy(
            _signAt(carolPk, JOIN_CHANNEL_TYPE, fields, channels.nonces(address(wallet), 0), deadline), address(wallet)
        );

        vm.expectEmit(address(channels));
        emit IKithChannels.MemberJoined(openId, walletProfile, address(0));
        vm.prank(relayer);
        channels.joinChannelFor(walletProfile, openId, auth);
        assertEq(channels.nonces(address(wallet), 0), 1, "the wallet's nonce used");
    }

    function test_LeaveChannel_EmitsMemberLeft() public {
        _join(aliceId, openId);
        vm.expectEmit(address(channels));
        emit IKithChannels.MemberLeft(openId, aliceId);
        vm.prank(alice);
        channels.leaveChannel(aliceId, openId);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.None);
    }

    function test_LeaveChannel_WithdrawsRequest() public {
        _join(aliceId, approvalId);
        vm.expectEmit(address(channels));
        emit IKithChannels.MemberLeft(approvalId, aliceId);
        vm.prank(alice);
        channels.leaveChannel(aliceId, approvalId);
        _assertStatus(approvalId, aliceId, IKithChannels.MemberStatus.None);
    }

    function test_LeaveChannel_RevertWhen_NotMemberBannedOrNotAuthorized() public {
        vm.expectRevert(_invalidStatus(openId, aliceId, IKithChannels.MemberStatus.None));
        vm.prank(alice);
        channels.leaveChannel(aliceId, openId);

        _join(aliceId, openId);
        vm.expectRevert(_notAuthorized(aliceId, bob));
        vm.prank(bob);
        channels.leaveChannel(aliceId, openId);

        _ban(aliceId, openId);
        vm.expectRevert(_banned(openId, aliceId)); // leaving would end the ban
        vm.prank(alice);
        channels.leaveChannel(aliceId, openId);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.Banned);
    }

    function test_LeaveChannelFor_SignedByAppKey() public {
        _join(aliceId, openId);
        _addAppKey(aliceId, appKey, Scopes.FOLLOW, START_TIME + 1 days);
        IKithSignatures.SignedAuth memory auth = _signMembership(LEAVE_CHANNEL_TYPE, appKeyPk, aliceId, openId);
        vm.expectEmit(address(channels));
        emit IKithChannels.MemberLeft(openId, aliceId);
        vm.prank(relayer);
        channels.leaveChannelFor(aliceId, openId, auth);
    }

    function test_LeaveChannelFor_RevertWhen_AppKeyOutOfScope() public {
        _join(aliceId, openId);
        _addAppKey(aliceId, appKey, Scopes.POST, START_TIME + 1 days);
        IKithSignatures.SignedAuth memory auth = _signMembership(LEAVE_CHANNEL_TYPE, appKeyPk, aliceId, openId);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        vm.prank(relayer);
        channels.leaveChannelFor(aliceId, openId, auth);
        _assertStatus(openId, aliceId, IKithChannels.MemberStatus.Member);
    }

    /*//////////////////////////////////////////////////////////////
                                POSTING
    //////////////////////////////////////////////////////////////*/

    function test_PostInChannel_EmitsChannelPosted() public {
        _join(aliceId, openId);
        _expectPosted(aliceId, openId, alice);
        uint256 postId = _postIn(aliceId, openId);
        assertEq(postId, _expectedChannelPostId(aliceId, openId, CONTENT_HASH));
        assertEq(channels.computeChannelPostId(aliceId, openId, CONTENT_HASH), postId);
        assertEq(postId >> 160, aliceId, "the author sits in the top bits");
        assertTrue(postId != kith.computePostId(aliceId, IKithPosts.PostKind.Post, 0, CONTENT_HASH), "not a Kith post id");
    }

    function test_PostInChannel_KithAcceptsLikesOfIt() public {
        _join(aliceId, openId);
        uint256 postId = _postIn(aliceId, openId);
        vm.expectEmit(address(kith));
        emit IKithPosts.Liked(postId, bobId, bob);
        vm.prank(bob);
        kith.like(bobId, postId);
    }

    function test_PostInChannel_RevertWhen_NotMember() public {
        vm.expectRevert(_invalidStatus(openId, aliceId, IKithChannels.MemberStatus.None));
        vm.prank(alice);
        channels.postInChannel(aliceId, openId, CONTENT_HASH, URI);

        _join(aliceId, approvalId);
        vm.expectRevert(_invalidStatus(approvalId, aliceId, IKithChannels.MemberStatus.Requested));
        vm.prank(alice);
        channels.postInChannel(aliceId, approvalId, CONTENT_HASH, URI);
    }

    function test_PostInChannel_RevertWhen_Banned() public {
        _join(aliceId, openId);
        _ban(aliceId, openId);
        vm.expectRevert(_banned(openId, aliceId));
        vm.prank(alice);
        channels.postInChannel(aliceId, openId, CONTENT_HASH, URI);
    }

    function test_PostInChannel_RevertWhen_EmptyContentOrUriTooLong() public {
        _join(aliceId, openId);
        vm.expectRevert(IKithChannels.EmptyContent.selector);
        vm.prank(alice);
        channels.postInChannel(aliceId, openId, bytes32(0), URI);

        string memory uri = string(new bytes(MAX_URI_LENGTH + 1));
        vm.expectRevert(abi.encodeWithSelector(IKithChannels.UriTooLong.selector, MAX_URI_LENGTH + 1, MAX_URI_LENGTH));
        vm.prank(alice);
        channels.postInChannel(aliceId, openId, CONTENT_HASH, uri);
    }

    function test_PostInChannel_ByAppKeyWithPostScope_ActorIsKey() public {
        _join(aliceId, openId);
        _addAppKey(aliceId, appKey, Scopes.POST, START_TIME + 1 days);
        _expectPosted(aliceId, openId, appKey);
        vm.prank(appKey);
        channels.postInChannel(aliceId, openId, CONTENT_HASH, URI);
    }

    function test_PostInChannel_RevertWhen_AppKeyOutOfScope() public {
        _join(aliceId, openId);
        _addAppKey(aliceId, appKey, Scopes.FOLLOW, START_TIME + 1 days);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        vm.prank(appKey);
        channels.postInChannel(aliceId, openId, CONTENT_HASH, URI);
    }

    function test_PostInChannel_CustodyChangeTakesEffectAtOnce() public {
        _join(aliceId, openId);
        _moveAliceToDave();
        vm.expectRevert(_notAuthorized(aliceId, alice));
        vm.prank(alice);
        channels.postInChannel(aliceId, openId, CONTENT_HASH, URI);

        _expectPosted(aliceId, openId, dave);
        vm.prank(dave);
        channels.postInChannel(aliceId, openId, CONTENT_HASH, URI);
    }

    function test_PostInChannelFor_SignedByCustodyOrAppKey_ActorIsSigner() public {
        _join(aliceId, openId);
        IKithSignatures.SignedAuth memory auth = _signPostIn(alicePk, aliceId, openId);
        _expectPosted(aliceId, openId, alice);
        vm.prank(relayer);
        channels.postInChannelFor(aliceId, openId, CONTENT_HASH, URI, auth);

        _addAppKey(aliceId, appKey, Scopes.POST, START_TIME + 1 days);
        auth = _signPostIn(appKeyPk, aliceId, openId);
        _expectPosted(aliceId, openId, appKey);
        vm.prank(relayer);
        channels.postInChannelFor(aliceId, openId, CONTENT_HASH, URI, auth);
    }

    function test_PostInChannelFor_RevertWhen_SignerNotAuthorizedOrBanned() public {
        _join(aliceId, openId);
        IKithSignatures.SignedAuth memory byBob = _signPostIn(bobPk, aliceId, openId);
        vm.expectRevert(_notAuthorized(aliceId, bob));
        vm.prank(relayer);
        channels.postInChannelFor(aliceId, openId, CONTENT_HASH, URI, byBob);

        IKithSignatures.SignedAuth memory auth = _signPostIn(alicePk, aliceId, openId);
        _ban(aliceId, openId);
        vm.expectRevert(_banned(openId, aliceId));
        vm.prank(relayer);
        channels.postInChannelFor(aliceId, openId, CONTENT_HASH, URI, auth);
        assertEq(channels.nonces(alice, 0), 0, "nonce kept");
    }

    function test_PostInChannelFor_RevertWhen_RelayerChangesUri() public {
        _join(aliceId, openId);
        IKithSignatures.SignedAuth memory auth = _signPostIn(alicePk, aliceId, openId);
        vm.expectRevert(_invalidSignature());
        vm.prank(relayer);
        channels.postInChannelFor(aliceId, openId, CONTENT_HASH, "ipfs://other", auth);
    }
}
