// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title KithTimelock
/// @notice The owner of a governed channel or moderation list (and the labeler of a governed label
///         policy): it runs only what its governor's passed proposals queued, after `minDelay`.
/// @dev An OpenZeppelin `TimelockController` with its roles fixed at construction, so no deploy can
///      get them wrong: the governor is the only proposer, canceller and executor, and there is no
///      admin (the timelock administers itself: only a proposal can grant or revoke a role).
///      The executor is the governor, not "anyone" (the zero address): `Governor.execute` is open to
///      every caller, so nothing is lost, and every execution then goes through the governor, which
///      marks the proposal executed and emits `ProposalExecuted`.
contract KithTimelock is TimelockController {
    /// @param minDelay Seconds between queueing a passed proposal and executing it.
    /// @param governor The governor whose proposals this timelock runs.
    constructor(uint256 minDelay, address governor)
        TimelockController(minDelay, _only(governor), _only(governor), address(0))
    {}

    function _only(address account) private pure returns (address[] memory accounts) {
        accounts = new address[](1);
        accounts[0] = account;
    }
}
