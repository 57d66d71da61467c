// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BatchTarget
/// @notice What KithBatch calls in its tests: a call that succeeds (and counts), one that reverts
///         with an error, and one that burns all the gas it gets.
contract BatchTarget {
    /// @notice `tag` was refused.
    error Refused(uint256 tag);

    /// @notice `tag` went through, called by `caller`.
    event Done(uint256 indexed tag, address caller);

    /// @notice Successful calls so far.
    uint256 public done;

    /// @notice Succeeds and counts.
    function succeed(uint256 tag) external {
        ++done;
        emit Done(tag, msg.sender);
    }

    /// @notice Always reverts with `Refused(tag)`.
    function refuse(uint256 tag) external pure {
        revert Refused(tag);
    }

    /// @notice Spends every unit of gas it is given, then would count.
    function burn() external {
        while (gasleft() > 0) {}
        ++done;
    }
}
