// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockERC1271Wallet} from "./MockERC1271Wallet.sol";

/// @notice Counterfactual wallets: `predict` gives a wallet's address before it exists; `deploy`
///         creates it there with CREATE2. What an ERC-6492 signature names as its factory.
contract MockERC6492WalletFactory {
    event WalletDeployed(address indexed wallet, address indexed owner, bytes32 salt);

    function deploy(address owner, bytes32 salt) external returns (MockERC1271Wallet wallet) {
        wallet = new MockERC1271Wallet{salt: salt}(owner);
        emit WalletDeployed(address(wallet), owner, salt);
    }

    function predict(address owner, bytes32 salt) external view returns (address) {
        bytes32 initCodeHash = keccak256(abi.encodePacked(type(MockERC1271Wallet).creationCode, abi.encode(owner)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash)))));
    }
}
