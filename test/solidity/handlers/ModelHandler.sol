// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

/// @notice Base of the invariant handlers that keep a model of the contract and call it with what
///         the model predicts: success, or the exact revert. Under `failOnRevert` a handler must not
///         revert itself, so a call the model gets wrong is counted (`mismatches`), never thrown,
///         and the invariant asserts the count stays 0.
abstract contract ModelHandler is CommonBase, StdCheats, StdUtils {
    /// @notice Calls where the contract did not do what the model predicted. Must stay 0.
    uint256 public mismatches;
    /// @notice The latest mismatch, for the failure report.
    bytes public lastMismatch;

    uint256 public succeededCalls;
    uint256 public refusedCalls;

    /// @dev Sends `callData` to `target` from `caller`: it must succeed when `expectedError` is
    ///      empty, and otherwise revert with exactly `expectedError`. Returns whether it succeeded.
    function _attempt(address target, address caller, bytes memory callData, bytes memory expectedError)
        internal
        returns (bool ok)
    {
        bytes memory returned;
        vm.prank(caller);
        (ok, returned) = target.call(callData);
        bool expected = expectedError.length == 0 ? ok : !ok && keccak256(returned) == keccak256(expectedError);
        if (!expected) {
            ++mismatches;
            lastMismatch = abi.encode(callData, expectedError, returned);
        }
        if (ok) ++succeededCalls;
        else ++refusedCalls;
    }
}
