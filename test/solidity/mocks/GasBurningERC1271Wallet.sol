// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @notice A hostile wallet: its signature check loops until it has burned all the gas it was given,
///         to grief whoever relays its signatures.
contract GasBurningERC1271Wallet is IERC1271 {
    /// @dev Never returns in practice: 2**256 iterations outlast any gas limit. No storage, so the
    ///      loop also runs under `staticcall`.
    function isValidSignature(bytes32, bytes calldata) external pure returns (bytes4) {
        for (uint256 i; i < type(uint256).max; ++i) {}
        return 0xffffffff;
    }
}
