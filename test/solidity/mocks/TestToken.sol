// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestToken
/// @notice An ERC-20 anyone can mint, for tests, the gas table and demo data. Never deployed by
///         `npm run deploy`.
contract TestToken is ERC20 {
    constructor() ERC20("Kith Test Token", "KTT") {}

    /// @notice Mints `amount` to `to`; anyone may call it.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
