// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title KithWalletDeployer
/// @notice Deploys a counterfactual wallet named by an ERC-6492 signature by calling its factory.
/// @dev Kith makes this arbitrary call through this separate contract, never itself: the factory
///      address and calldata come from the signature, so the call must run with no privileges.
///      This contract holds nothing, has no owner and no state.
contract KithWalletDeployer {
    /// @notice Calls `factory` with `factoryCalldata`; returns whether the call succeeded.
    function deploy(address factory, bytes calldata factoryCalldata) external returns (bool success) {
        (success,) = factory.call(factoryCalldata);
    }
}
