// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockERC1271Wallet} from "./MockERC1271Wallet.sol";

/// @notice A hostile ERC-6492 factory: while Kith asks it to deploy a wallet, it first re-enters
///         `target` with a call prepared in advance (say, the very signed action being verified),
///         records how that went, then deploys the wallet as asked.
contract ReplayingERC6492WalletFactory {
    address public immutable target;

    bytes public replayCall;
    bool public replayAttempted;
    bool public replaySucceeded;
    bytes public replayReturnData;

    constructor(address _target) {
        target = _target;
    }

    function setReplayCall(bytes calldata callData) external {
        replayCall = callData;
    }

    function deploy(address owner, bytes32 salt) external returns (MockERC1271Wallet wallet) {
        replayAttempted = true;
        (replaySucceeded, replayReturnData) = target.call(replayCall);
        wallet = new MockERC1271Wallet{salt: salt}(owner);
    }

    function predict(address owner, bytes32 salt) external view returns (address) {
        bytes32 initCodeHash = keccak256(abi.encodePacked(type(MockERC1271Wallet).creationCode, abi.encode(owner)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash)))));
    }
}
