// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Contract wallets for the end-to-end test test/e2e/wallets.test.ts.

import {SimpleAccount} from "@account-abstraction/contracts/accounts/SimpleAccount.sol";
import {IEntryPoint} from "@account-abstraction/contracts/interfaces/IEntryPoint.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @notice The ERC-4337 v0.8 SimpleAccount plus ERC-1271. v0.8's SimpleAccount has no
///         `isValidSignature`, so no contract can verify a signature of it; this adds the check the
///         same package's Simple7702Account makes: the owner's ECDSA signature over the hash as is.
contract E2EWalletsAccount is SimpleAccount, IERC1271 {
    constructor(IEntryPoint anEntryPoint) SimpleAccount(anEntryPoint) {}

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(hash, signature);
        bool valid = error == ECDSA.RecoverError.NoError && recovered == owner;
        return valid ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}

/// @notice v0.8's SimpleAccountFactory for E2EWalletsAccount, minus its one restriction: there only
///         the EntryPoint's SenderCreator may call `createAccount`, so an ERC-6492 verifier could not
///         deploy the account. Same CREATE2 proxy and address derivation otherwise.
contract E2EWalletsAccountFactory {
    E2EWalletsAccount public immutable accountImplementation;

    constructor(IEntryPoint entryPoint) {
        accountImplementation = new E2EWalletsAccount(entryPoint);
    }

    /// @notice Deploys the account of `owner` and `salt`, or returns it when it exists.
    function createAccount(address owner, uint256 salt) external returns (E2EWalletsAccount) {
        address account = getAddress(owner, salt);
        if (account.code.length > 0) return E2EWalletsAccount(payable(account));
        return E2EWalletsAccount(payable(new ERC1967Proxy{salt: bytes32(salt)}(address(accountImplementation), _initCall(owner))));
    }

    /// @notice The counterfactual address of the account of `owner` and `salt`.
    function getAddress(address owner, uint256 salt) public view returns (address) {
        bytes memory proxyArgs = abi.encode(address(accountImplementation), _initCall(owner));
        return Create2.computeAddress(bytes32(salt), keccak256(abi.encodePacked(type(ERC1967Proxy).creationCode, proxyArgs)));
    }

    function _initCall(address owner) private pure returns (bytes memory) {
        return abi.encodeCall(SimpleAccount.initialize, (owner));
    }
}

/// @notice An ERC-1271 wallet whose owner chooses how it answers: check the owner's ECDSA signature,
///         revert, or burn all the gas it is given. Lets one test show the same signed action refused
///         and then accepted, so the refusal is the wallet's doing.
contract E2EWalletsSwitchableWallet is IERC1271 {
    enum Behavior {
        CheckOwner,
        Revert,
        BurnGas
    }

    error WalletRefuses();

    address public immutable owner;
    Behavior public behavior;

    constructor(address _owner) {
        owner = _owner;
    }

    function setBehavior(Behavior _behavior) external {
        if (msg.sender != owner) revert WalletRefuses();
        behavior = _behavior;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        Behavior current = behavior;
        if (current == Behavior.Revert) revert WalletRefuses();
        if (current == Behavior.BurnGas) {
            assembly ("memory-safe") {
                for {} 1 {} {}
            }
        }
        (address recovered, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(hash, signature);
        bool valid = error == ECDSA.RecoverError.NoError && recovered == owner;
        return valid ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}
