// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

import {IKithChannels} from "../../../contracts/interfaces/IKithChannels.sol";
import {IKithModeration} from "../../../contracts/interfaces/IKithModeration.sol";
import {IKithOwnedIds} from "../../../contracts/interfaces/IKithOwnedIds.sol";
import {GovernanceTestSuite} from "./GovernanceTestSuite.sol";

/// @notice Token holders run a channel and a moderation list: a ban, a list change and a label are
///         proposed, voted, queued and executed, and nothing but the timelock can do them.
contract GovernanceTest is GovernanceTestSuite {
    /// @dev sha256("spam spam spam")
    bytes32 internal constant SPAM_HASH = 0x18fa83a78d0e2363589a13350b36b87d6eb73b722a7923009e331580592ab868;

    function _banProposal(uint256 profileId) internal view returns (Proposal memory) {
        return _proposal(
            address(channels),
            abi.encodeCall(IKithChannels.setBanned, (channelId, profileId, true, "spam in #builders")),
            "Ban erin from builders: spam"
        );
    }

    /*//////////////////////////////////////////////////////////////
                                  ROLES
    //////////////////////////////////////////////////////////////*/

    function test_Timelock_OnlyTheGovernorProposesCancelsAndExecutes_AndNobodyAdministers() public view {
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE(), address(governor)), "governor proposes");
        assertTrue(timelock.hasRole(timelock.CANCELLER_ROLE(), address(governor)), "governor cancels");
        assertTrue(timelock.hasRole(timelock.EXECUTOR_ROLE(), address(governor)), "governor executes");
        assertFalse(timelock.hasRole(timelock.EXECUTOR_ROLE(), address(0)), "execution is not open");
        // The only admin is the timelock itself: roles change by proposal only.
        assertTrue(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(timelock)), "self-administered");
        assertFalse(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(this)), "the deployer has no admin");
        for (uint256 i; i < 3; ++i) {
            address holder = [alice, bob, carol][i];
            assertFalse(timelock.hasRole(timelock.PROPOSER_ROLE(), holder), "holders propose through the governor");
            assertFalse(timelock.hasRole(timelock.EXECUTOR_ROLE(), holder), "holders execute through the governor");
        }
        assertEq(timelock.getMinDelay(), TIMELOCK_DELAY);
        assertEq(address(governor.timelock()), address(timelock));
        assertEq(address(governor.token()), address(token));
        assertEq(governor.quorum(block.number - 1), 25 ether, "25% of 100 tokens");
    }

    function test_Timelock_RevertWhen_AHolderSchedulesDirectly() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, alice, timelock.PROPOSER_ROLE()
            )
        );
        vm.prank(alice);
        timelock.schedule(
            address(channels),
            0,
            abi.encodeCall(IKithChannels.setBanned, (channelId, erinId, true, "")),
            bytes32(0),
            bytes32(0),
            TIMELOCK_DELAY
        );
    }

    /*//////////////////////////////////////////////////////////////
                               CHANNEL BAN
    //////////////////////////////////////////////////////////////*/

    function test_Ban_ProposeVoteQueueExecute_BansFromTheChannel() public {
        _postInChannel(erinId, CONTENT_HASH);
        Proposal memory proposal = _banProposal(erinId);
        uint256 proposalId = _propose(carol, proposal);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Pending), "pending");

        vm.roll(governor.proposalSnapshot(proposalId) + 1);
        vm.prank(alice);
        governor.castVote(proposalId, FOR);
        vm.prank(bob);
        governor.castVote(proposalId, AGAINST);
        vm.prank(carol);
        governor.castVote(proposalId, ABSTAIN);
        (uint256 against, uint256 forVotes, uint256 abstain) = governor.proposalVotes(proposalId);
        assertEq(forVotes, 50 ether, "for");
        assertEq(against, 30 ether, "against");
        assertEq(abstain, 20 ether, "abstain");
        vm.roll(governor.proposalDeadline(proposalId) + 1);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Succeeded), "passed 50 to 30");

        _queue(proposal);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Queued), "queued");
        _assertStatus(erinId, IKithChannels.MemberStatus.Member, "not banned while queued");
        vm.warp(block.timestamp + TIMELOCK_DELAY);

        vm.expectEmit(address(channels));
        emit IKithChannels.MemberBanned(channelId, erinId, address(timelock), "spam in #builders");
        _execute(proposal);

        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Executed), "executed");
        _assertStatus(erinId, IKithChannels.MemberStatus.Banned, "banned");
        vm.expectRevert(abi.encodeWithSelector(IKithChannels.Banned.selector, channelId, erinId));
        vm.prank(erin);
        channels.postInChannel(erinId, channelId, SPAM_HASH, "");
        // The other member still posts.
        _postInChannel(daveId, CONTENT_HASH);
        // A banned profile cannot come back by joining again.
        vm.expectRevert(abi.encodeWithSelector(IKithChannels.Banned.selector, channelId, erinId));
        vm.prank(erin);
        channels.joinChannel(erinId, channelId);
    }

    function test_Unban_ByASecondProposal() public {
        _enact(_banProposal(erinId));
        Proposal memory unban = _proposal(
            address(channels),
            abi.encodeCall(IKithChannels.setBanned, (channelId, erinId, false, "appeal granted")),
            "Unban erin from builders"
        );
        _passAndQueue(unban);
        vm.expectEmit(address(channels));
        emit IKithChannels.MemberUnbanned(channelId, erinId, address(timelock), "appeal granted");
        _execute(unban);
        _assertStatus(erinId, IKithChannels.MemberStatus.None, "status");
        _join(erinId);
        _postInChannel(erinId, CONTENT_HASH);
    }

    function test_Queue_RevertWhen_QuorumNotReached() public {
        Proposal memory proposal = _banProposal(erinId);
        uint256 proposalId = _propose(alice, proposal);
        // carol's 20 tokens all vote for, below the quorum of 25.
        _vote(proposalId, _voters(carol), FOR);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Defeated), "defeated");

        _expectProposalStateRevert(proposalId, IGovernor.ProposalState.Defeated, IGovernor.ProposalState.Succeeded);
        _queue(proposal);
        _assertStatus(erinId, IKithChannels.MemberStatus.Member, "not banned");
    }

    function test_Queue_RevertWhen_MoreVotesAgainst() public {
        Proposal memory proposal = _banProposal(erinId);
        uint256 proposalId = _propose(alice, proposal);
        vm.roll(governor.proposalSnapshot(proposalId) + 1);
        vm.prank(bob);
        governor.castVote(proposalId, FOR);
        vm.prank(alice);
        governor.castVote(proposalId, AGAINST);
        vm.roll(governor.proposalDeadline(proposalId) + 1);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Defeated), "quorum met, lost 30 to 50");
        _expectProposalStateRevert(proposalId, IGovernor.ProposalState.Defeated, IGovernor.ProposalState.Succeeded);
        _queue(proposal);
    }

    function test_Vote_RevertWhen_TokensArriveAfterTheSnapshot() public {
        Proposal memory proposal = _banProposal(erinId);
        uint256 proposalId = _propose(alice, proposal);
        vm.roll(governor.proposalSnapshot(proposalId) + 1);
        // dave buys carol's votes after the snapshot: they count for nobody in this proposal.
        vm.prank(carol);
        token.transfer(dave, 20 ether);
        _delegateSelf(dave);
        vm.prank(dave);
        governor.castVote(proposalId, FOR);
        (, uint256 forVotes,) = governor.proposalVotes(proposalId);
        assertEq(forVotes, 0, "dave had no votes at the snapshot");
    }

    function test_Execute_RevertWhen_TimelockDelayNotOver() public {
        Proposal memory proposal = _banProposal(erinId);
        uint256 proposalId = _propose(alice, proposal);
        _vote(proposalId, _voters(alice, bob), FOR);
        _queue(proposal);
        uint256 eta = governor.proposalEta(proposalId);
        assertEq(eta, block.timestamp + TIMELOCK_DELAY, "eta");

        vm.warp(eta - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector,
                _operationId(proposal),
                _stateBit(uint8(TimelockController.OperationState.Ready))
            )
        );
        _execute(proposal);
        _assertStatus(erinId, IKithChannels.MemberStatus.Member, "not banned early");

        vm.warp(eta);
        _execute(proposal);
        _assertStatus(erinId, IKithChannels.MemberStatus.Banned, "banned on time");
    }

    function test_Execute_RevertWhen_NotQueued() public {
        Proposal memory proposal = _banProposal(erinId);
        uint256 proposalId = _propose(alice, proposal);
        _vote(proposalId, _voters(alice, bob), FOR);
        _expectProposalStateRevert(proposalId, IGovernor.ProposalState.Succeeded, IGovernor.ProposalState.Queued);
        _execute(proposal);
    }

    function testFuzz_SetBanned_RevertWhen_CallerIsNotTheTimelock(address caller) public {
        vm.assume(caller != address(timelock));
        vm.expectRevert(abi.encodeWithSelector(IKithChannels.NotModerator.selector, channelId, caller));
        vm.prank(caller);
        channels.setBanned(channelId, erinId, true, "no vote");
    }

    function test_SetBanned_RevertWhen_HoldersTheGovernorOrTheDeployerBanDirectly() public {
        address[5] memory callers = [alice, bob, address(governor), address(this), address(token)];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IKithChannels.NotModerator.selector, channelId, callers[i]));
            vm.prank(callers[i]);
            channels.setBanned(channelId, erinId, true, "no vote");
        }
        _assertStatus(erinId, IKithChannels.MemberStatus.Member, "status");
    }

    /*//////////////////////////////////////////////////////////////
                         LIST CHANGE AND LABELS
    //////////////////////////////////////////////////////////////*/

    function test_AddListMembers_ByVote() public {
        Proposal memory queued = _proposal(
            address(moderation),
            abi.encodeCall(IKithModeration.addListMembers, (listId, _ids(erinId))),
            "Add erin to the spammers list"
        );
        _passAndQueue(queued);
        vm.expectEmit(address(moderation));
        emit IKithModeration.ListMemberAdded(listId, erinId);
        _execute(queued);
    }

    function test_AddListMembers_RevertWhen_AHolderAddsDirectly() public {
        vm.expectRevert(abi.encodeWithSelector(IKithOwnedIds.NotOwner.selector, listId, alice));
        vm.prank(alice);
        moderation.addListMembers(listId, _ids(erinId));
    }

    /// @dev A label policy decided by vote: the timelock is the labeler subscribers trust.
    function test_Label_ByVote_TheTimelockIsTheLabeler() public {
        uint256 postId = _postInChannel(erinId, SPAM_HASH);
        Proposal memory queued = _proposal(
            address(moderation), abi.encodeCall(IKithModeration.label, (postId, "spam", 0)), "Label erin's post spam"
        );
        _passAndQueue(queued);
        vm.expectEmit(address(moderation));
        emit IKithModeration.Labeled(address(timelock), postId, "spam", 0);
        _execute(queued);
    }

    /*//////////////////////////////////////////////////////////////
                           TAKING OVER A CHANNEL
    //////////////////////////////////////////////////////////////*/

    /// @dev An existing channel comes under governance in two steps: its owner offers it to the
    ///      timelock, and a proposal accepts the offer (what `deployGovernance` records).
    function test_ExistingChannel_OfferedThenAcceptedByProposal() public {
        uint256 oldtown = channels.createChannel("oldtown", alice, IKithChannels.Membership.Open, address(0), 0);
        vm.prank(alice);
        channels.transferOwnership(oldtown, address(timelock));
        assertEq(channels.pendingOwnerOf(oldtown), address(timelock));
        assertEq(channels.ownerOf(oldtown), alice, "alice owns it until the vote");

        Proposal memory queued = _proposal(
            address(channels),
            abi.encodeCall(IKithOwnedIds.acceptOwnership, (oldtown)),
            "Accept ownership of channel #2 (oldtown)"
        );
        _passAndQueue(queued);
        vm.expectEmit(address(channels));
        emit IKithOwnedIds.OwnershipTransferred(oldtown, alice, address(timelock));
        _execute(queued);
        assertEq(channels.ownerOf(oldtown), address(timelock));
        assertFalse(channels.isModerator(oldtown, alice), "alice lost her power");
        vm.expectRevert(abi.encodeWithSelector(IKithChannels.NotModerator.selector, oldtown, alice));
        vm.prank(alice);
        channels.setBanned(oldtown, erinId, true, "");
    }
}
