// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

import {KithChannels} from "../../../contracts/KithChannels.sol";
import {KithModeration} from "../../../contracts/KithModeration.sol";
import {KithGovernor} from "../../../contracts/governance/KithGovernor.sol";
import {KithTimelock} from "../../../contracts/governance/KithTimelock.sol";
import {KithVotes} from "../../../contracts/governance/KithVotes.sol";
import {IKithChannels} from "../../../contracts/interfaces/IKithChannels.sol";
import {KithTestSuite} from "../KithTestSuite.sol";

/// @notice A channel and a moderation list owned by a timelock that a token vote runs, deployed
///         the way `scripts/lib/governance.ts` deploys them (the timelock names the governor's
///         address before it exists, and has no admin). Holders alice 50, bob 30, carol 20 tokens.
abstract contract GovernanceTestSuite is KithTestSuite {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    uint48 internal constant VOTING_DELAY = 1;
    uint32 internal constant VOTING_PERIOD = 50;
    /// @dev 25% of 100 tokens: carol (20) alone falls short, bob (30) alone reaches it.
    uint256 internal constant QUORUM_PERCENT = 25;
    uint256 internal constant TIMELOCK_DELAY = 1 hours;
    uint8 internal constant AGAINST = 0;
    uint8 internal constant FOR = 1;
    uint8 internal constant ABSTAIN = 2;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    KithChannels internal channels;
    KithModeration internal moderation;
    KithVotes internal token;
    KithTimelock internal timelock;
    KithGovernor internal governor;

    uint256 internal channelId;
    uint256 internal listId;

    /// @dev Profiles: dave and erin are members of the channel.
    address internal erin;
    uint256 internal daveId;
    uint256 internal erinId;

    /*//////////////////////////////////////////////////////////////
                                  SETUP
    //////////////////////////////////////////////////////////////*/

    function setUp() public virtual override {
        super.setUp();
        erin = makeAddr("erin");
        channels = new KithChannels(address(kith));
        moderation = new KithModeration(address(kith));

        address[] memory holders = new address[](3);
        (holders[0], holders[1], holders[2]) = (alice, bob, carol);
        uint256[] memory amounts = new uint256[](3);
        (amounts[0], amounts[1], amounts[2]) = (50 ether, 30 ether, 20 ether);
        token = new KithVotes("Kith builders votes", "KITHV", holders, amounts);
        address predictedGovernor = vm.computeCreateAddress(address(this), vm.getNonce(address(this)) + 1);
        timelock = new KithTimelock(TIMELOCK_DELAY, predictedGovernor);
        governor = new KithGovernor("Kith builders governor", token, timelock, VOTING_DELAY, VOTING_PERIOD, QUORUM_PERCENT);
        assertEq(address(governor), predictedGovernor, "the timelock names the governor");

        channelId = channels.createChannel("builders", address(timelock), IKithChannels.Membership.Open, address(0), 0);
        listId = moderation.createList("spammers", address(timelock));

        daveId = _register(dave, "dave");
        erinId = _register(erin, "erin");
        _join(daveId);
        _join(erinId);

        _delegateSelf(alice);
        _delegateSelf(bob);
        _delegateSelf(carol);
        // Votes count from the block after delegation (checkpoints are by block number).
        vm.roll(block.number + 1);
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    function _delegateSelf(address holder) internal {
        vm.prank(holder);
        token.delegate(holder);
    }

    function _join(uint256 profileId) internal {
        vm.prank(kith.custodyOf(profileId));
        channels.joinChannel(profileId, channelId);
    }

    function _postInChannel(uint256 profileId, bytes32 contentHash) internal returns (uint256 postId) {
        vm.prank(kith.custodyOf(profileId));
        postId = channels.postInChannel(profileId, channelId, contentHash, "");
    }

    /// @dev A proposal of one call, as the README shows it.
    struct Proposal {
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
        string description;
    }

    function _proposal(address target, bytes memory data, string memory description)
        internal
        pure
        returns (Proposal memory proposal)
    {
        proposal.targets = new address[](1);
        proposal.targets[0] = target;
        proposal.values = new uint256[](1);
        proposal.calldatas = new bytes[](1);
        proposal.calldatas[0] = data;
        proposal.description = description;
    }

    /// @dev `proposer` proposes; returns the proposal id.
    function _propose(address proposer, Proposal memory proposal) internal returns (uint256 proposalId) {
        vm.prank(proposer);
        proposalId = governor.propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
    }

    /// @dev Moves past the voting delay, casts `support` for each voter, and moves past the deadline.
    function _vote(uint256 proposalId, address[] memory voters, uint8 support) internal {
        vm.roll(governor.proposalSnapshot(proposalId) + 1);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Active), "voting is open");
        for (uint256 i; i < voters.length; ++i) {
            vm.prank(voters[i]);
            governor.castVote(proposalId, support);
        }
        vm.roll(governor.proposalDeadline(proposalId) + 1);
    }

    function _queue(Proposal memory proposal) internal returns (uint256 proposalId) {
        proposalId = governor.queue(
            proposal.targets, proposal.values, proposal.calldatas, keccak256(bytes(proposal.description))
        );
    }

    /// @dev Anyone (here mallory, who holds nothing) may execute a queued proposal whose delay is over.
    function _execute(Proposal memory proposal) internal {
        vm.prank(mallory);
        governor.execute(proposal.targets, proposal.values, proposal.calldatas, keccak256(bytes(proposal.description)));
    }

    /// @dev Propose (alice), pass (alice and bob vote for), queue and wait out the delay: what is
    ///      left is `_execute`.
    function _passAndQueue(Proposal memory proposal) internal returns (uint256 proposalId) {
        proposalId = _propose(alice, proposal);
        _vote(proposalId, _voters(alice, bob), FOR);
        _queue(proposal);
        vm.warp(block.timestamp + TIMELOCK_DELAY);
    }

    /// @dev `_passAndQueue`, then execute.
    function _enact(Proposal memory proposal) internal returns (uint256 proposalId) {
        proposalId = _passAndQueue(proposal);
        _execute(proposal);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Executed), "executed");
    }

    function _voters(address a) internal pure returns (address[] memory voters) {
        voters = new address[](1);
        voters[0] = a;
    }

    function _voters(address a, address b) internal pure returns (address[] memory voters) {
        voters = new address[](2);
        (voters[0], voters[1]) = (a, b);
    }

    /// @dev The timelock operation a governor proposal queues (OpenZeppelin's salt: governor ^ description).
    function _operationId(Proposal memory proposal) internal view returns (bytes32) {
        bytes32 salt = bytes20(address(governor)) ^ keccak256(bytes(proposal.description));
        return timelock.hashOperationBatch(proposal.targets, proposal.values, proposal.calldatas, 0, salt);
    }

    function _assertStatus(uint256 profileId, IKithChannels.MemberStatus expected, string memory why) internal view {
        assertEq(uint8(channels.memberStatusOf(channelId, profileId)), uint8(expected), why);
    }

    /// @dev The next call reverts: proposal `proposalId` is `current` where `expected` was needed.
    function _expectProposalStateRevert(
        uint256 proposalId,
        IGovernor.ProposalState current,
        IGovernor.ProposalState expected
    ) internal {
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector, proposalId, current, _stateBit(uint8(expected))
            )
        );
    }

    function _stateBit(uint8 state) internal pure returns (bytes32) {
        return bytes32(1 << state);
    }
}
