// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title KithBatch
/// @notice Sends many signed actions to one contract in one transaction, each isolated: a call that
///         reverts (a stale signature, a used nonce, a profile that lost its key) or runs out of its
///         gas is reported in `CallFailed` and skipped, and the others go through. Relayers use it
///         to pay the 21,000 gas of a transaction once for a whole batch.
/// @dev Holds no funds and no privileges: each call arrives with this contract as `msg.sender`,
///      which is why only the `...For` functions (authorized by their signature) make sense through
///      it. Never make it a profile's custody, an owner or a moderator: anyone can call through it.
///      Each call runs with at most its own gas limit, so one call (say, an ERC-1271 wallet that
///      burns gas) cannot spend the gas the other calls of the batch were given.
contract KithBatch {
    /// @notice One call of a batch: its calldata and the most gas it may use.
    struct Call {
        uint256 gas;
        bytes data;
    }

    /// @notice The most revert data of a call that `CallFailed` carries (a custom error with a few
    ///         arguments fits): a call cannot make the batch copy and log megabytes at its expense.
    uint256 public constant MAX_REASON_LENGTH = 256;

    /// @notice The transaction has less gas left than call `index` was given.
    error InsufficientGas(uint256 index, uint256 gas, uint256 left);

    /// @notice Call `index` of the batch reverted with `reason` (its revert data, empty when it ran
    ///         out of gas) and was skipped.
    /// @dev The indexer and relayers may rely on: a call of a batch without this event in the
    ///      batch's transaction succeeded.
    event CallFailed(uint256 indexed index, bytes reason);

    /// @notice Calls `target` with each of `calls` in order, each with at most its gas; returns how
    ///         many reverted. Reverts only when the transaction cannot give a call its gas, so a
    ///         call never fails for lack of gas that the sender did not provide.
    function batch(address target, Call[] calldata calls) external returns (uint256 failures) {
        for (uint256 i; i < calls.length; ++i) {
            uint256 gas = calls[i].gas;
            // A call gets at most 63/64 of what is left (EIP-150): demand enough that it gets `gas`.
            uint256 left = gasleft();
            if (left - left / 64 < gas + 5_000) revert InsufficientGas(i, gas, left);
            (bool ok, bytes memory reason) = _call(target, gas, calls[i].data);
            if (!ok) {
                emit CallFailed(i, reason);
                // At most calls.length increments: cannot overflow.
                unchecked {
                    ++failures;
                }
            }
        }
    }

    /// @dev `target.call{gas: gasLimit}(data)` without copying what it returns: on success nothing, on
    ///      failure the first MAX_REASON_LENGTH bytes of its revert data.
    function _call(address target, uint256 gasLimit, bytes calldata data) private returns (bool ok, bytes memory reason) {
        uint256 maxReason = MAX_REASON_LENGTH;
        assembly ("memory-safe") {
            // The calldata goes to free memory as scratch; the reason, if any, is allocated there.
            let ptr := mload(0x40)
            calldatacopy(ptr, data.offset, data.length)
            ok := call(gasLimit, target, 0, ptr, data.length, 0, 0)
            if iszero(ok) {
                let size := returndatasize()
                if gt(size, maxReason) { size := maxReason }
                reason := ptr
                mstore(reason, size)
                returndatacopy(add(reason, 0x20), 0, size)
                mstore(0x40, add(add(reason, 0x20), and(add(size, 31), not(31))))
            }
        }
    }
}
