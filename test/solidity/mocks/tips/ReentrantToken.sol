// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice An ERC-20 with a callback hook, like ERC-777's: once armed, its next `transferFrom` or
///         `transfer` (whichever was armed) first calls `target` with a prepared call, then moves the
///         tokens. The callback's revert either propagates (`bubble`) or is recorded and swallowed.
contract ReentrantToken is ERC20 {
    bytes4 public armedOn;
    address public target;
    bytes public reentryCall;
    bool public bubble;

    uint256 public reentryAttempts;
    bool public reentrySucceeded;
    bytes public reentryRevertData;

    constructor() ERC20("Reentrant Token", "REN") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @param onSelector `transferFrom.selector` or `transfer.selector`: which call triggers the hook.
    function arm(bytes4 onSelector, address _target, bytes calldata _call, bool _bubble) external {
        armedOn = onSelector;
        target = _target;
        reentryCall = _call;
        bubble = _bubble;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        _hook(this.transfer.selector);
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        _hook(this.transferFrom.selector);
        return super.transferFrom(from, to, value);
    }

    function _hook(bytes4 selector) private {
        if (armedOn != selector) return;
        armedOn = bytes4(0); // one shot
        ++reentryAttempts;
        (bool ok, bytes memory returned) = target.call(reentryCall);
        reentrySucceeded = ok;
        if (ok) return;
        reentryRevertData = returned;
        if (bubble) {
            assembly ("memory-safe") {
                revert(add(returned, 0x20), mload(returned))
            }
        }
    }
}
