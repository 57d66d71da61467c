// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @notice A one-owner ERC-1271 wallet: valid signatures are its owner key's ECDSA signatures.
contract TipperWallet is IERC1271 {
    address public immutable owner;

    constructor(address _owner) {
        owner = _owner;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(hash, signature);
        bool valid = error == ECDSA.RecoverError.NoError && recovered == owner;
        return valid ? IERC1271.isValidSignature.selector : bytes4(0);
    }
}

/// @notice The factory an ERC-6492 signature names. Besides deploying the wallet it calls back into
///         `target` with a prepared call (the factory call is the one arbitrary call a signed action
///         makes before it moves funds) and records how that call ended.
contract ReentrantWalletFactory {
    address public target;
    bytes public reentryCall;

    uint256 public reentryAttempts;
    bool public reentrySucceeded;
    bytes public reentryRevertData;

    function setReentry(address _target, bytes calldata _call) external {
        target = _target;
        reentryCall = _call;
    }

    function deploy(address owner, bytes32 salt) external returns (TipperWallet wallet) {
        wallet = new TipperWallet{salt: salt}(owner);
        if (target == address(0)) return wallet;
        ++reentryAttempts;
        (bool ok, bytes memory returned) = target.call(reentryCall);
        reentrySucceeded = ok;
        if (!ok) reentryRevertData = returned;
    }

    function predict(address owner, bytes32 salt) external view returns (address) {
        bytes32 initCodeHash = keccak256(abi.encodePacked(type(TipperWallet).creationCode, abi.encode(owner)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash)))));
    }
}
