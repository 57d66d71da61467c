// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithProfiles} from "../interfaces/IKithProfiles.sol";

/// @title Handles
/// @notice Validates handles and packs them into 96 bits: 6 bits per character, first character in
///         the highest bits, unused positions zero. Codes: `a-z` = 1-26, `0-9` = 27-36, `_` = 37.
///         Codes are never zero, so the packing is one-to-one and 0 means "no handle".
/// @dev 16 characters x 6 bits = 96 bits, which is exactly what is left of a storage slot beside a
///      160-bit address. That lets registration write two slots instead of three.
library Handles {
    uint256 internal constant MIN_LENGTH = 3;
    uint256 internal constant MAX_LENGTH = 16;

    /// @notice Validates `handle` and returns its packed code; reverts with the reason otherwise.
    function encode(string calldata handle) internal pure returns (uint96) {
        uint256 length = bytes(handle).length;
        if (length < MIN_LENGTH || length > MAX_LENGTH) revert IKithProfiles.InvalidHandleLength(length);
        (uint96 code, uint256 badIndex) = _pack(bytes(handle));
        if (code == 0) revert IKithProfiles.InvalidHandleCharacter(badIndex, bytes(handle)[badIndex]);
        return code;
    }

    /// @notice Like `encode`, but returns 0 for an invalid handle instead of reverting.
    function tryEncode(string calldata handle) internal pure returns (uint96 code) {
        uint256 length = bytes(handle).length;
        if (length < MIN_LENGTH || length > MAX_LENGTH) return 0;
        (code,) = _pack(bytes(handle));
    }

    /// @notice The handle whose packed code is `code` (empty for 0).
    function decode(uint96 code) internal pure returns (string memory) {
        bytes memory out = new bytes(MAX_LENGTH);
        uint256 length;
        for (; length < MAX_LENGTH; ++length) {
            uint256 charCode = (uint256(code) >> (6 * (MAX_LENGTH - 1 - length))) & 0x3f;
            if (charCode == 0) break;
            out[length] = _char(charCode);
        }
        assembly ("memory-safe") {
            mstore(out, length)
        }
        return string(out);
    }

    /// @dev Returns (0, index of the first bad byte) for an invalid handle. Expects 1-16 bytes, so
    ///      the whole handle is in the first calldata word.
    function _pack(bytes calldata raw) private pure returns (uint96 code, uint256 badIndex) {
        uint256 word = uint256(bytes32(raw)); // zero-padded on the right
        uint256 length = raw.length;
        uint256 packed;
        // i < 16, and byte values are below 256: no expression here can overflow; a byte below
        // '0' or 'a' wraps around to a huge value and fails its range test, as it should.
        unchecked {
            for (uint256 i; i < length; ++i) {
                uint256 c = (word >> (248 - 8 * i)) & 0xff;
                uint256 charCode;
                if (c - 0x61 < 26) charCode = c - 0x60; // 'a'-'z' -> 1-26
                else if (i != 0 && c - 0x30 < 10) charCode = c - 0x30 + 27; // '0'-'9' -> 27-36
                else if (i != 0 && c == 0x5f) charCode = 37; // '_'
                else return (0, i);
                packed |= charCode << (6 * (MAX_LENGTH - 1 - i));
            }
        }
        return (uint96(packed), 0);
    }

    function _char(uint256 charCode) private pure returns (bytes1) {
        if (charCode <= 26) return bytes1(uint8(charCode + 0x60));
        if (charCode <= 36) return bytes1(uint8(charCode - 27 + 0x30));
        return "_";
    }
}
