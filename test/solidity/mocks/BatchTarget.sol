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

    /// @notice Reverts with `size` bytes of revert data (0xab each): a call trying to make its batch
    ///         copy and log megabytes.
    function refuseLoudly(uint256 size) external pure {
        assembly {
            let ptr := mload(0x40)
            for { let i := 0 } lt(i, size) { i := add(i, 32) } {
                mstore(add(ptr, i), 0xabababababababababababababababababababababababababababababababab)
            }
            revert(ptr, size)
        }
    }

    /// @notice Spends every unit of gas it is given, then would count.
    function burn() external {
        while (gasleft() > 0) {}
        ++done;
    }
}
