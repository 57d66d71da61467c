// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {Vm} from "forge-std/Vm.sol";

import {IKithSignatures} from "../../contracts/interfaces/IKithSignatures.sol";

/// @notice EIP-712 digests and signed `SignedAuth`s for the signed-action tests, built the way the
///         spec (and a wallet) builds them: `keccak256("\x19\x01" ++ domainSeparator ++ structHash)`.
/// @dev Internal functions run in the calling test contract, so `vm.sign` is the test's cheatcode.
library TypedData {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    /// @notice The separator of the domain (`name`, `version`, this chain, `verifyingContract`).
    function domainSeparator(string memory name, string memory version, address verifyingContract)
        internal
        view
        returns (bytes32)
    {
        return _separator(name, version, block.chainid, verifyingContract);
    }

    /// @notice The separator of the domain `verifyingContract` reports through ERC-5267.
    function domainSeparator(IERC5267 verifyingContract) internal view returns (bytes32) {
        (, string memory name, string memory version, uint256 chainId, address verifying,,) =
            verifyingContract.eip712Domain();
        return _separator(name, version, chainId, verifying);
    }

    function digest(bytes32 separator, bytes32 structHash) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", separator, structHash));
    }

    /// @notice `privateKey`'s signature over `structHash` (which must already contain `nonce` and
    ///         `deadline`), as the `SignedAuth` a relayer submits with signer = the key's address.
    function sign(uint256 privateKey, bytes32 separator, bytes32 structHash, uint256 nonce, uint256 deadline)
        internal
        pure
        returns (IKithSignatures.SignedAuth memory)
    {
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(privateKey, digest(separator, structHash));
        return IKithSignatures.SignedAuth(VM.addr(privateKey), nonce, deadline, abi.encodePacked(r, s, v));
    }

    function _separator(string memory name, string memory version, uint256 chainId, address verifyingContract)
        private
        pure
        returns (bytes32)
    {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(name)), keccak256(bytes(version)), chainId, verifyingContract)
        );
    }
}
