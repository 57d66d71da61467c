// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @notice A wallet that answers every signature check with a fixed 32-byte word instead of the
///         ERC-1271 magic value, e.g. the magic right-aligned or a "true" from a wrong interface.
contract WrongMagicERC1271Wallet {
    bytes32 public immutable answer;

    constructor(bytes32 _answer) {
        answer = _answer;
    }

    /// @dev Same selector as `IERC1271.isValidSignature`, but returns a raw word.
    function isValidSignature(bytes32, bytes calldata) external view returns (bytes32) {
        return answer;
    }
}
