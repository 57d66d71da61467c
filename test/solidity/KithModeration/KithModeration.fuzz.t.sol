// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {IKithModeration} from "../../../contracts/interfaces/IKithModeration.sol";
import {KithModerationTestSuite} from "./KithModerationTestSuite.sol";

/// @notice Label values against a reference model of the rule, and batch sizes around the limits.
contract KithModerationFuzzTest is KithModerationTestSuite {
    /// @dev The rule restated from the interface docs: 1 to 64 bytes of a-z, 0-9 and '-'. Returns
    ///      whether `raw` is valid and, if not, the index `InvalidLabel` names.
    function _referenceLabel(bytes memory raw) internal pure returns (bool valid, uint256 index) {
        if (raw.length == 0 || raw.length > MAX_LABEL_LENGTH) return (false, raw.length);
        for (uint256 i; i < raw.length; ++i) {
            bytes1 c = raw[i];
            bool allowed = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d;
            if (!allowed) return (false, i);
        }
        return (true, 0);
    }

    /// @dev Mostly valid bytes (so long valid values occur), sometimes anything.
    function _labelBytes(uint256 seed, uint256 length) internal pure returns (bytes memory out) {
        bytes memory alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
        out = new bytes(length);
        for (uint256 i; i < length; ++i) {
            uint256 random = uint256(keccak256(abi.encode(seed, i)));
            out[i] = random % 16 == 0 ? bytes1(uint8(random >> 8)) : alphabet[(random >> 8) % alphabet.length];
        }
    }

    function testFuzz_Label_ValueAcceptedIffReferenceAccepts(uint256 seed, uint8 rawLength) public {
        bytes memory raw = _labelBytes(seed, bound(rawLength, 0, MAX_LABEL_LENGTH + 8));
        _assertValueRule(raw);
    }

    /// @dev Arbitrary bytes, not only the friendly alphabet.
    function testFuzz_Label_ArbitraryBytes(bytes memory raw) public {
        _assertValueRule(raw);
    }

    function _assertValueRule(bytes memory raw) internal {
        string memory value = string(raw);
        (bool valid, uint256 index) = _referenceLabel(raw);
        if (valid) {
            vm.expectEmit(address(moderation));
            emit IKithModeration.Labeled(labeler, bobPostId, value, 0);
        } else {
            vm.expectRevert(_invalidLabel(value, index));
        }
        vm.prank(labeler);
        moderation.label(bobPostId, value, 0);

        // negateLabel and the policies of a subscription apply the same rule.
        if (valid) {
            vm.expectEmit(address(moderation));
            emit IKithModeration.LabelNegated(labeler, bobPostId, value);
        } else {
            vm.expectRevert(_invalidLabel(value, index));
        }
        vm.prank(labeler);
        moderation.negateLabel(bobPostId, value);

        string[] memory values = new string[](1);
        values[0] = value;
        IKithModeration.LabelAction[] memory actions = _hideAll(1);
        if (!valid) vm.expectRevert(_invalidLabel(value, index));
        vm.prank(alice);
        moderation.subscribeToLabeler(aliceId, labeler, values, actions);
    }

    function testFuzz_Label_Expiry(uint256 expiry) public {
        bool valid = expiry == 0 || expiry > block.timestamp;
        if (!valid) vm.expectRevert(abi.encodeWithSelector(IKithModeration.InvalidExpiry.selector, expiry));
        vm.prank(labeler);
        moderation.label(bobId, "spam", expiry);
    }

    function testFuzz_AddListMembers_BatchSize(uint256 size) public {
        size = bound(size, 0, MAX_BATCH + 1);
        uint256 listId = _createList(alice);
        uint256[] memory profileIds = _idRange(1, size);
        bool valid = size >= 1 && size <= MAX_BATCH;

        if (!valid) vm.expectRevert(_invalidBatch(size));
        vm.recordLogs();
        vm.prank(alice);
        moderation.addListMembers(listId, profileIds);
        _assertMemberLogs(listId, profileIds, valid, IKithModeration.ListMemberAdded.selector);

        if (!valid) vm.expectRevert(_invalidBatch(size));
        vm.recordLogs();
        vm.prank(alice);
        moderation.removeListMembers(listId, profileIds);
        _assertMemberLogs(listId, profileIds, valid, IKithModeration.ListMemberRemoved.selector);
    }

    /// @dev One log per profile, in order, when valid; none otherwise.
    function _assertMemberLogs(uint256 listId, uint256[] memory profileIds, bool valid, bytes32 topic0) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, valid ? profileIds.length : 0, "one event per profile");
        for (uint256 i; i < logs.length; ++i) {
            assertEq(logs[i].emitter, address(moderation));
            assertEq(logs[i].topics[0], topic0);
            assertEq(uint256(logs[i].topics[1]), listId);
            assertEq(uint256(logs[i].topics[2]), profileIds[i]);
        }
    }

    function testFuzz_SubscribeToLabeler_BatchSize(uint256 size, uint256 actionCount) public {
        size = bound(size, 0, MAX_BATCH + 1);
        // Usually as many actions as values; sometimes one off.
        actionCount = actionCount % 4 == 0 ? bound(actionCount, 0, MAX_BATCH + 1) : size;
        string[] memory values = _strings(size);
        IKithModeration.LabelAction[] memory actions = _hideAll(actionCount);
        bool valid = size <= MAX_BATCH && actionCount == size;

        if (!valid) vm.expectRevert(_invalidBatch(size));
        vm.recordLogs();
        vm.prank(alice);
        moderation.subscribeToLabeler(aliceId, labeler, values, actions);
        // LabelerSubscribed, then one LabelPolicySet per value.
        assertEq(vm.getRecordedLogs().length, valid ? size + 1 : 0, "events");
    }
}
