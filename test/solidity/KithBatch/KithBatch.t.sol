// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test, Vm} from "forge-std/Test.sol";

import {KithBatch} from "../../../contracts/KithBatch.sol";
import {BatchTarget} from "../mocks/BatchTarget.sol";

/// @notice KithBatch: calls in order, each isolated and held to its own gas; the batch reverts only
///         when the transaction cannot give a call its gas.
contract KithBatchTest is Test {
    KithBatch internal batcher;
    BatchTarget internal target;

    uint256 internal constant CALL_GAS = 60_000;

    function setUp() public {
        batcher = new KithBatch();
        target = new BatchTarget();
    }

    function _call(bytes memory data) internal pure returns (KithBatch.Call memory) {
        return KithBatch.Call({gas: CALL_GAS, data: data});
    }

    function _succeed(uint256 tag) internal pure returns (KithBatch.Call memory) {
        return _call(abi.encodeCall(BatchTarget.succeed, (tag)));
    }

    function _refuse(uint256 tag) internal pure returns (KithBatch.Call memory) {
        return _call(abi.encodeCall(BatchTarget.refuse, (tag)));
    }

    function test_Batch_RunsEveryCallInOrder_AsTheBatch() public {
        KithBatch.Call[] memory calls = new KithBatch.Call[](3);
        for (uint256 i; i < 3; ++i) {
            calls[i] = _succeed(i);
        }
        for (uint256 i; i < 3; ++i) {
            vm.expectEmit(address(target));
            emit BatchTarget.Done(i, address(batcher));
        }
        assertEq(batcher.batch(address(target), calls), 0);
        assertEq(target.done(), 3);
    }

    function test_Batch_AFailingCallIsReportedAndSkipped_TheOthersGoThrough() public {
        KithBatch.Call[] memory calls = new KithBatch.Call[](3);
        calls[0] = _succeed(0);
        calls[1] = _refuse(1);
        calls[2] = _succeed(2);
        vm.expectEmit(address(target));
        emit BatchTarget.Done(0, address(batcher));
        vm.expectEmit(address(batcher));
        emit KithBatch.CallFailed(1, abi.encodeWithSelector(BatchTarget.Refused.selector, 1));
        vm.expectEmit(address(target));
        emit BatchTarget.Done(2, address(batcher));
        assertEq(batcher.batch(address(target), calls), 1);
        assertEq(target.done(), 2);
    }

    function test_Batch_ACallThatBurnsItsGasFailsAlone_WithinItsLimit() public {
        KithBatch.Call[] memory calls = new KithBatch.Call[](2);
        calls[0] = _call(abi.encodeCall(BatchTarget.burn, ()));
        calls[1] = _succeed(7);
        vm.recordLogs();
        uint256 before = gasleft();
        assertEq(batcher.batch{gas: 1_000_000}(address(target), calls), 1);
        // The burner spent its 60,000 and no more: the batch used far less than it was given.
        assertLt(before - gasleft(), CALL_GAS + 40_000);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 2);
        assertEq(logs[0].topics[0], KithBatch.CallFailed.selector);
        assertEq(uint256(logs[0].topics[1]), 0);
        assertEq(abi.decode(logs[0].data, (bytes)), "", "out of gas: no revert data");
        assertEq(target.done(), 1);
    }

    function test_Batch_HugeRevertData_IsCutToMaxReasonLength_AtTheCallsExpense() public {
        KithBatch.Call[] memory calls = new KithBatch.Call[](2);
        calls[0] = KithBatch.Call({gas: 900_000, data: abi.encodeCall(BatchTarget.refuseLoudly, (100_000))});
        calls[1] = _succeed(1);
        vm.recordLogs();
        uint256 before = gasleft();
        assertEq(batcher.batch{gas: 2_000_000}(address(target), calls), 1);
        // Logging 100 KB would cost 800,000 gas more than the call's own budget; the batch pays
        // for 256 bytes at most.
        assertLt(before - gasleft(), 900_000 + 60_000);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bytes memory reason = abi.decode(logs[0].data, (bytes));
        assertEq(reason.length, batcher.MAX_REASON_LENGTH());
        assertEq(uint8(reason[0]), 0xab);
        assertEq(uint8(reason[255]), 0xab);
        assertEq(target.done(), 1, "the next call still ran");
    }

    function test_Batch_RevertWhen_TheTransactionCannotGiveACallItsGas() public {
        KithBatch.Call[] memory calls = new KithBatch.Call[](2);
        calls[0] = _succeed(0);
        calls[1] = KithBatch.Call({gas: 10_000_000, data: abi.encodeCall(BatchTarget.succeed, (1))});
        vm.expectPartialRevert(KithBatch.InsufficientGas.selector);
        batcher.batch{gas: 2_000_000}(address(target), calls);
        assertEq(target.done(), 0, "nothing happened");
    }

    function test_Batch_Empty_DoesNothing() public {
        assertEq(batcher.batch(address(target), new KithBatch.Call[](0)), 0);
        assertEq(target.done(), 0);
    }

    /// @notice Whatever mix of calls fail, exactly those are reported (by index) and skipped.
    function testFuzz_Batch_ReportsExactlyTheCallsThatFail(uint16 failing, uint8 size) public {
        uint256 n = bound(size, 1, 16);
        KithBatch.Call[] memory calls = new KithBatch.Call[](n);
        uint256 expectedFailures;
        for (uint256 i; i < n; ++i) {
            bool fails = (failing >> i) & 1 == 1;
            calls[i] = fails ? _refuse(i) : _succeed(i);
            if (fails) ++expectedFailures;
        }
        vm.recordLogs();
        assertEq(batcher.batch(address(target), calls), expectedFailures);
        assertEq(target.done(), n - expectedFailures);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, n);
        for (uint256 i; i < n; ++i) {
            bool fails = (failing >> i) & 1 == 1;
            assertEq(logs[i].emitter, fails ? address(batcher) : address(target));
            assertEq(logs[i].topics[0], fails ? KithBatch.CallFailed.selector : BatchTarget.Done.selector);
            assertEq(uint256(logs[i].topics[1]), i);
        }
    }
}
