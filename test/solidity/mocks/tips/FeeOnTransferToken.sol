// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice An ERC-20 that burns a fee on every transfer between two accounts: 10% (rounded down)
///         unless a test sets another rate. The recipient gets `value - value * feeBps / 10_000`.
///         Mints and burns take no fee.
contract FeeOnTransferToken is ERC20 {
    uint256 public constant BPS = 10_000;

    uint256 public feeBps = 1_000;

    constructor() ERC20("Fee Token", "FEE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setFeeBps(uint256 _feeBps) external {
        require(_feeBps <= BPS, "fee above 100%");
        feeBps = _feeBps;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 fee = value * feeBps / BPS;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
