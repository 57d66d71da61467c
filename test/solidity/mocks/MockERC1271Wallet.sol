// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @notice A minimal smart wallet: approves exactly the ECDSA signatures of its owner key over the
///         digest it is asked about (like a Safe with one owner, minus the Safe's own wrapping).
contract MockERC1271Wallet is IERC1271 {
    /// @dev Returned for any signature the owner did not make.
    bytes4 internal constant _REJECTED = 0xffffffff;

    address public immutable owner;

    constructor(address _owner) {
        owner = _owner;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(hash, signature);
        return error == ECDSA.RecoverError.NoError && recovered == owner ? IERC1271.isValidSignature.selector : _REJECTED;
    }
}
