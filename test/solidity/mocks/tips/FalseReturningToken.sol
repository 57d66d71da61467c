// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice An ERC-20 that, once told to fail, answers `false` to `transfer` and `transferFrom`
///         without moving anything or reverting (as some old tokens do).
contract FalseReturningToken is ERC20 {
    bool public failing;

    constructor() ERC20("False Token", "NOPE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setFailing(bool _failing) external {
        failing = _failing;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        return failing ? false : super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        return failing ? false : super.transferFrom(from, to, value);
    }
}
