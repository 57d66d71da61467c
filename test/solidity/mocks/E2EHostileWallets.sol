// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Hostile signers for the relayer's end-to-end tests (test/e2e/relayer.test.ts): each makes a
// relayer that pays for signature checks pay for something else.

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @notice An ERC-1271 wallet that burns `burn` gas, then approves its owner's ECDSA signature: a
///         valid signature whose check costs whatever its owner chose.
contract E2EHostileGasBurningWallet is IERC1271 {
    address public immutable owner;
    uint256 public immutable burn;

    constructor(address _owner, uint256 _burn) {
        owner = _owner;
        burn = _burn;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        uint256 start = gasleft();
        while (start - gasleft() < burn) {} // runs out of gas when given less than `burn`
        (address recovered, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(hash, signature);
        return error == ECDSA.RecoverError.NoError && recovered == owner ? IERC1271.isValidSignature.selector : bytes4(0);
    }
}

/// @notice An ERC-1271 wallet that answers with `size` bytes starting with the magic value: its
///         caller pays for the memory of a megabyte-sized answer.
contract E2EHostileReturnBombWallet is IERC1271 {
    uint256 public immutable size;

    constructor(uint256 _size) {
        size = _size;
    }

    function isValidSignature(bytes32, bytes calldata) external view returns (bytes4) {
        uint256 length = size;
        assembly ("memory-safe") {
            mstore(0, 0x1626ba7e00000000000000000000000000000000000000000000000000000000)
            return(0, length)
        }
    }
}

/// @notice An ERC-6492 "factory" that burns all the gas it is given and deploys nothing.
contract E2EHostileBurningFactory {
    fallback() external {
        while (true) {}
    }
}
