// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @notice A wallet whose signature check always reverts (a paused or broken wallet).
contract RevertingERC1271Wallet is IERC1271 {
    error WalletPaused();

    function isValidSignature(bytes32, bytes calldata) external pure returns (bytes4) {
        revert WalletPaused();
    }
}
