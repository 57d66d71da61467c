// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title KithVotes
/// @notice A fixed-supply voting token for a community's `KithGovernor`: all of it is minted at
///         deployment to the holders given, and nothing can mint more. Holders delegate (to
///         themselves to vote) before a proposal's snapshot for their votes to count.
contract KithVotes is ERC20, ERC20Permit, ERC20Votes {
    /// @notice `holders` and `amounts` differ in length.
    error InvalidAllocation(uint256 holders, uint256 amounts);

    /// @param name_ Token name (also its EIP-712 domain name for permits).
    /// @param symbol_ Token symbol.
    /// @param holders Who receives the supply.
    /// @param amounts How much each holder receives.
    constructor(string memory name_, string memory symbol_, address[] memory holders, uint256[] memory amounts)
        ERC20(name_, symbol_)
        ERC20Permit(name_)
    {
        if (holders.length != amounts.length) revert InvalidAllocation(holders.length, amounts.length);
        for (uint256 i; i < holders.length; ++i) {
            _mint(holders[i], amounts[i]);
        }
    }

    /// @dev ERC20Votes tracks voting power on every balance change.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    /// @notice The next permit nonce of `owner`.
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
