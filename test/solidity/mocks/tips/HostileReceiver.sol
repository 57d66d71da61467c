// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithTips} from "../../../../contracts/interfaces/IKithTips.sol";

/// @notice A profile custody (or withdrawal recipient) whose `receive` misbehaves: it refuses ETH,
///         or calls back into `target` with a prepared call, either letting the callback's revert
///         propagate (`ReenterAndBubble`) or swallowing it (`ReenterAndCatch`).
/// @dev Records what it saw while receiving, so tests can prove the tips contract had already
///      zeroed the balance before any code of the recipient ran.
contract HostileReceiver {
    enum Mode {
        Accept,
        Reject,
        ReenterAndBubble,
        ReenterAndCatch
    }

    IKithTips public immutable tips;

    Mode public mode;
    address public target;
    bytes public reentryCall;
    uint256 public reentryValue;

    /// @notice The profile and token whose tips balance `receive` reads.
    uint256 public watchedProfileId;
    address public watchedToken;

    uint256 public receiveCount;
    uint256 public receivedTotal;
    uint256 public reentryAttempts;
    bool public reentrySucceeded;
    bytes public reentryRevertData;
    uint256 public observedTipsBalance;
    uint256 public observedContractEth;

    constructor(IKithTips _tips) {
        tips = _tips;
        target = address(_tips);
    }

    function setMode(Mode _mode) external {
        mode = _mode;
    }

    /// @notice What `receive` calls on `_target` in the re-entering modes.
    function setReentry(address _target, bytes calldata _call, uint256 _value) external {
        target = _target;
        reentryCall = _call;
        reentryValue = _value;
    }

    function watch(uint256 profileId, address token) external {
        watchedProfileId = profileId;
        watchedToken = token;
    }

    receive() external payable {
        ++receiveCount;
        receivedTotal += msg.value;
        observedTipsBalance = tips.balanceOf(watchedProfileId, watchedToken);
        observedContractEth = address(tips).balance;
        if (mode == Mode.Accept) return;
        if (mode == Mode.Reject) revert();
        ++reentryAttempts;
        (bool ok, bytes memory returned) = target.call{value: reentryValue}(reentryCall);
        reentrySucceeded = ok;
        if (ok) return;
        reentryRevertData = returned;
        if (mode == Mode.ReenterAndBubble) {
            assembly ("memory-safe") {
                revert(add(returned, 0x20), mload(returned))
            }
        }
    }
}
