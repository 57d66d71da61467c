// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {Vm} from "forge-std/Vm.sol";

import {IKithPosts} from "../../../contracts/interfaces/IKithPosts.sol";
import {IKithProfiles} from "../../../contracts/interfaces/IKithProfiles.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {GasBurningERC1271Wallet} from "../mocks/GasBurningERC1271Wallet.sol";
import {MockERC1271Wallet} from "../mocks/MockERC1271Wallet.sol";
import {MockERC6492WalletFactory} from "../mocks/MockERC6492WalletFactory.sol";
import {ReplayingERC6492WalletFactory} from "../mocks/ReplayingERC6492WalletFactory.sol";
import {RevertingERC1271Wallet} from "../mocks/RevertingERC1271Wallet.sol";
import {WrongMagicERC1271Wallet} from "../mocks/WrongMagicERC1271Wallet.sol";
import {KithSignaturesTestSuite} from "./KithSignaturesTestSuite.sol";

/// @notice Signed actions by contract wallets: ERC-1271 wallets that approve, refuse, revert, burn
///         all gas or answer wrongly, and ERC-6492 signatures of wallets not deployed yet.
contract KithWalletSignaturesTest is KithSignaturesTestSuite {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    bytes32 internal constant SALT = keccak256("kith wallet");

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    address internal walletOwner;
    uint256 internal walletOwnerPk;

    /// @dev A deployed wallet of `walletOwner` holding profile `walletId`.
    MockERC1271Wallet internal wallet;
    uint256 internal walletId;

    MockERC6492WalletFactory internal factory;
    /// @dev Where `factory` would deploy `walletOwner`'s wallet with SALT; nothing there yet.
    address internal counterfactual;

    /*//////////////////////////////////////////////////////////////
                                  SETUP
    //////////////////////////////////////////////////////////////*/

    function setUp() public override {
        super.setUp();
        (walletOwner, walletOwnerPk) = makeAddrAndKey("walletOwner");
        wallet = new MockERC1271Wallet(walletOwner);
        walletId = _register(address(wallet), "wallet");
        factory = new MockERC6492WalletFactory();
        counterfactual = factory.predict(walletOwner, SALT);
        watched.push(address(wallet));
        watched.push(walletOwner);
        watched.push(counterfactual);
    }

    /*//////////////////////////////////////////////////////////////
                                ERC-1271
    //////////////////////////////////////////////////////////////*/

    function test_PostFor_ERC1271Wallet_RelayedByThirdParty() public {
        IKithSignatures.SignedAuth memory auth = _postAuth(address(wallet), walletId, walletOwnerPk);
        Vm.Log[] memory logs = _relayCall("wallet post", _postCall(walletId, auth));

        assertEq(logs.length, 1, "events");
        _assertPostedLog(
            logs[0], _postId(walletId), walletId, 0, IKithPosts.PostKind.Post, address(wallet), CONTENT_HASH, URI
        );
        assertEq(kith.nonces(address(wallet), 0), 1, "the wallet's nonce is consumed");
    }

    function test_RegisterFor_ERC1271Wallet() public {
        MockERC1271Wallet newWallet = new MockERC1271Wallet(walletOwner);
        string memory handle = "safe_user";
        uint256 deadline = _deadline();
        bytes32 structHash = _structHash(
            REGISTER_TYPE, abi.encode(address(newWallet), _hashString(handle), address(0), METADATA_HASH), 0, deadline
        );
        IKithSignatures.SignedAuth memory auth =
            IKithSignatures.SignedAuth(address(newWallet), 0, deadline, _sign(walletOwnerPk, structHash));

        vm.prank(relayer);
        uint256 profileId = kith.registerFor(address(newWallet), handle, address(0), METADATA_HASH, auth);

        assertEq(kith.custodyOf(profileId), address(newWallet), "custody");
        assertEq(kith.profileIdOf(handle), profileId, "handle");
    }

    function test_PostFor_ERC1271Wallet_RevertWhen_Replayed() public {
        IKithSignatures.SignedAuth memory auth = _postAuth(address(wallet), walletId, walletOwnerPk);
        _relayCall("first", _postCall(walletId, auth));
        _assertCallRejected("replay", _postCall(walletId, auth), _invalidNonce(address(wallet), 1));
    }

    function test_PostFor_ERC1271Wallet_RevertWhen_NotSignedByOwner() public {
        IKithSignatures.SignedAuth memory auth = _postAuth(address(wallet), walletId, malloryPk);
        _assertCallRejected("mallory for the wallet", _postCall(walletId, auth), _invalidSignature());
    }

    /// @dev The wallet holds the profile, not its owner key.
    function test_PostFor_RevertWhen_WalletOwnerSignsAsItself() public {
        IKithSignatures.SignedAuth memory auth = _postAuth(walletOwner, walletId, walletOwnerPk);
        _assertCallRejected("owner key", _postCall(walletId, auth), _notAuthorized(walletId, walletOwner));
    }

    function test_PostFor_RevertWhen_WalletReverts() public {
        address reverting = address(new RevertingERC1271Wallet());
        uint256 profileId = _register(reverting, "reverting");
        IKithSignatures.SignedAuth memory auth = _postAuth(reverting, profileId, walletOwnerPk);
        // InvalidSignature, not the wallet's own WalletPaused(): nothing of the wallet bubbles up.
        _assertCallRejected("reverting wallet", _postCall(profileId, auth), _invalidSignature());
    }

    /// @dev The wallet burns the 63/64 of the gas it is handed; Kith keeps the 1/64 it needs to
    ///      refuse cleanly instead of running out of gas itself.
    function test_PostFor_RevertWhen_WalletBurnsAllGas() public {
        address burner = address(new GasBurningERC1271Wallet());
        uint256 profileId = _register(burner, "burner");
        IKithSignatures.SignedAuth memory auth = _postAuth(burner, profileId, walletOwnerPk);
        bytes memory callData = _postCall(profileId, auth);

        uint256[3] memory gasLimits = [uint256(300_000), 1_000_000, 10_000_000];
        for (uint256 i; i < gasLimits.length; ++i) {
            uint256 gasBefore = gasleft();
            vm.prank(relayer);
            (bool ok, bytes memory returned) = address(kith).call{gas: gasLimits[i]}(callData);
            uint256 gasUsed = gasBefore - gasleft();

            assertFalse(ok, "accepted");
            assertEq(returned, _invalidSignature(), "revert data");
            assertGt(gasUsed, gasLimits[i] * 9 / 10, "the wallet burned the gas it was given");
        }
        assertEq(kith.nonces(burner, 0), 0, "nonce not consumed");
    }

    function test_PostFor_RevertWhen_WalletReturnsWrongMagic() public {
        bytes4 magic = IERC1271.isValidSignature.selector;
        bytes32[5] memory wrongAnswers = [
            bytes32(uint256(uint32(magic))), // the magic value, right-aligned
            bytes32(0),
            bytes32(uint256(1)), // "true"
            bytes32(magic) | bytes32(uint256(1)), // magic value with trailing garbage
            bytes32(~uint256(0))
        ];
        for (uint256 i; i < wrongAnswers.length; ++i) {
            address answering = address(new WrongMagicERC1271Wallet(wrongAnswers[i]));
            uint256 profileId = _register(answering, _validHandle(i));
            IKithSignatures.SignedAuth memory auth = _postAuth(answering, profileId, walletOwnerPk);
            _assertCallRejected(vm.toString(wrongAnswers[i]), _postCall(profileId, auth), _invalidSignature());
        }

        // Control: the same mock answering the exact magic value is accepted.
        address approving = address(new WrongMagicERC1271Wallet(bytes32(magic)));
        uint256 approvingId = _register(approving, "approving");
        _relayCall("magic value", _postCall(approvingId, _postAuth(approving, approvingId, walletOwnerPk)));
    }

    /*//////////////////////////////////////////////////////////////
                                ERC-6492
    //////////////////////////////////////////////////////////////*/

    /// @dev A wallet that does not exist yet registers a profile: Kith deploys it through its
    ///      factory, then checks its ERC-1271 answer. Afterwards the wallet signs like any other.
    function test_RegisterFor_ERC6492_DeploysWalletThenRegisters() public {
        assertEq(counterfactual.code.length, 0, "precondition: not deployed");
        (bytes memory callData,) = _registerCounterfactual(
            address(factory), abi.encodeCall(factory.deploy, (walletOwner, SALT)), walletOwnerPk
        );

        Vm.Log[] memory logs = _relayCallAnyEmitter("6492 register", callData);

        assertEq(logs.length, 2, "events");
        assertEq(logs[0].emitter, address(factory), "the factory deployed first");
        assertEq(logs[0].topics[0], MockERC6492WalletFactory.WalletDeployed.selector, "WalletDeployed");
        assertEq(logs[0].topics[1], _addressTopic(counterfactual), "at the predicted address");
        _assertLog(
            logs[1],
            _topics(IKithProfiles.ProfileRegistered.selector, bytes32(uint256(5)), _addressTopic(counterfactual)),
            abi.encode("counterfactual", address(0), METADATA_HASH)
        );
        assertGt(counterfactual.code.length, 0, "deployed");
        assertEq(MockERC1271Wallet(counterfactual).owner(), walletOwner, "owned by the signer's key");
        assertEq(kith.custodyOf(5), counterfactual, "custody");
        assertEq(kith.nonces(counterfactual, 0), 1, "nonce consumed");

        // Now deployed: a plain ERC-1271 signature, without the wrapper, works.
        IKithSignatures.SignedAuth memory auth = _postAuth(counterfactual, 5, walletOwnerPk);
        logs = _relayCall("post without wrapper", _postCall(5, auth));
        _assertPostedLog(
            logs[0], _postId(5), 5, 0, IKithPosts.PostKind.Post, counterfactual, CONTENT_HASH, URI
        );
    }

    /// @dev A wrapped signature of a wallet that already exists is checked without the factory.
    function test_PostFor_ERC6492_WalletAlreadyDeployed_SkipsFactory() public {
        bytes memory deployCall = abi.encodeCall(factory.deploy, (walletOwner, SALT));
        factory.deploy(walletOwner, SALT);
        uint256 profileId = _register(counterfactual, "deployed");
        IKithSignatures.SignedAuth memory auth = _postAuth(counterfactual, profileId, walletOwnerPk);
        auth.signature = _wrap6492(address(factory), deployCall, auth.signature);

        vm.expectCall(address(factory), deployCall, 0);
        _relayCall("wrapped, deployed", _postCall(profileId, auth));
    }

    function test_RegisterFor_ERC6492_RevertWhen_FactoryDoesNotDeploy() public {
        address[4] memory factories =
            [address(factory), address(factory), address(factory), makeAddr("factory without code")];
        bytes[4] memory factoryCalls = [
            // deploys a wallet, but for another owner: another address
            abi.encodeCall(factory.deploy, (mallory, SALT)),
            // deploys the owner's wallet, but with another salt: another address
            abi.encodeCall(factory.deploy, (walletOwner, bytes32(0))),
            // reverts: the factory has no such function
            abi.encodeWithSignature("createAccount(address,uint256)", walletOwner, 0),
            // succeeds without doing anything
            abi.encodeCall(factory.deploy, (walletOwner, SALT))
        ];
        for (uint256 i; i < factories.length; ++i) {
            (bytes memory callData,) = _registerCounterfactual(factories[i], factoryCalls[i], walletOwnerPk);
            _assertCallRejected(vm.toString(i), callData, _invalidSignature());
            assertEq(counterfactual.code.length, 0, "nothing at the signer's address");
        }
    }

    /// @dev The factory deploys the right wallet, but the wallet refuses the inner signature: the
    ///      deployment is rolled back with the rest.
    function test_RegisterFor_ERC6492_RevertWhen_InnerSignatureWrong() public {
        (bytes memory callData,) = _registerCounterfactual(
            address(factory), abi.encodeCall(factory.deploy, (walletOwner, SALT)), malloryPk
        );
        _assertCallRejected("mallory's inner signature", callData, _invalidSignature());
        assertEq(counterfactual.code.length, 0, "deployment rolled back");
    }

    function test_RegisterFor_ERC6492_RevertWhen_Replayed() public {
        (bytes memory callData, IKithSignatures.SignedAuth memory auth) = _registerCounterfactual(
            address(factory), abi.encodeCall(factory.deploy, (walletOwner, SALT)), walletOwnerPk
        );
        _relayCallAnyEmitter("first", callData);
        _assertCallRejected("replay", callData, _invalidNonce(counterfactual, auth.nonce + 1));
    }

    /// @dev The wrapper is for contract wallets: an EOA's genuine signature inside it is refused.
    function test_PostFor_ERC6492_RevertWhen_SignerIsEOA() public {
        IKithSignatures.SignedAuth memory auth = _postAuth(alice, aliceId, alicePk);
        auth.signature =
            _wrap6492(address(factory), abi.encodeCall(factory.deploy, (walletOwner, SALT)), auth.signature);
        _assertCallRejected("wrapped EOA signature", _postCall(aliceId, auth), _invalidSignature());
    }

    /// @dev A factory that re-enters Kith with the very action being verified cannot get it
    ///      accepted twice: the nonce is consumed before the factory runs.
    function test_RegisterFor_ERC6492_FactoryReentryCannotReplay() public {
        ReplayingERC6492WalletFactory replaying = new ReplayingERC6492WalletFactory(address(kith));
        counterfactual = replaying.predict(walletOwner, SALT);
        watched.push(counterfactual);
        (bytes memory callData, IKithSignatures.SignedAuth memory auth) = _registerCounterfactual(
            address(replaying), abi.encodeCall(replaying.deploy, (walletOwner, SALT)), walletOwnerPk
        );
        replaying.setReplayCall(callData);

        // A bounded gas limit: were the nonce consumed only after the factory call, the re-entries
        // would recurse until the gas runs out instead of until the call depth limit.
        _startRecordingLogs();
        vm.prank(relayer);
        (bool ok, bytes memory returned) = address(kith).call{gas: 10_000_000}(callData);
        assertTrue(ok, string.concat("outer: reverted with ", vm.toString(returned)));
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertTrue(replaying.replayAttempted(), "the factory re-entered");
        assertFalse(replaying.replaySucceeded(), "the re-entry was refused");
        assertEq(replaying.replayReturnData(), _invalidNonce(counterfactual, auth.nonce + 1), "refused for its nonce");
        assertEq(logs.length, 1, "one registration");
        assertEq(kith.profileCount(), 5, "one profile");
        assertEq(kith.custodyOf(5), counterfactual, "custody");
    }

    /// @dev A signature that merely ends with the ERC-6492 suffix, without a decodable wrapper, is
    ///      an invalid signature, not a bare revert (a relayer must be told why).
    function test_PostFor_ERC6492_RevertWhen_WrapperMalformed() public {
        IKithSignatures.SignedAuth memory auth = _postAuth(address(wallet), walletId, walletOwnerPk);
        bytes memory genuine = auth.signature;
        bytes memory wrapped = _wrap6492(address(factory), "", genuine);
        bytes[4] memory malformed = [
            abi.encodePacked(genuine, ERC6492_SUFFIX), // 97 bytes: too short for the three heads
            abi.encodePacked(ERC6492_SUFFIX), // the suffix alone
            _withWord(wrapped, 0, bytes32(type(uint256).max)), // dirty factory address
            _withWord(wrapped, 2, bytes32(uint256(wrapped.length))) // inner offset past the end
        ];
        for (uint256 i; i < malformed.length; ++i) {
            auth.signature = malformed[i];
            _assertCallRejected(vm.toString(i), _postCall(walletId, auth), _invalidSignature());
        }
        // Control: the well-formed wrapper around the same signature is accepted.
        auth.signature = wrapped;
        _relayCall("well-formed", _postCall(walletId, auth));
    }

    /// @dev Whatever precedes the suffix, the answer is InvalidSignature, never a bare revert.
    function testFuzz_PostFor_ERC6492_RevertWhen_WrapperIsGarbage(bytes calldata garbage) public {
        IKithSignatures.SignedAuth memory auth = _postAuth(address(wallet), walletId, walletOwnerPk);
        auth.signature = abi.encodePacked(garbage, ERC6492_SUFFIX);
        _assertCallRejected("garbage wrapper", _postCall(walletId, auth), _invalidSignature());
    }

    /// @dev A valid wrapper with one head or length word overwritten is either still decodable to
    ///      the owner's signature (accepted) or refused with InvalidSignature, never a bare revert.
    function testFuzz_PostFor_ERC6492_CorruptedWrapper(uint256 wordIndex, bytes32 value) public {
        IKithSignatures.SignedAuth memory auth = _postAuth(address(wallet), walletId, walletOwnerPk);
        bytes memory wrapped = _wrap6492(address(factory), hex"c0ffee", auth.signature);
        // Words: 0 factory, 1 and 2 offsets, 3 factory calldata length, 5 inner signature length.
        uint256[4] memory corruptible = [uint256(1), 2, 3, 5];
        auth.signature = _withWord(wrapped, corruptible[_bound(wordIndex, 0, 3)], value);

        vm.prank(relayer);
        (bool ok, bytes memory returned) = address(kith).call(_postCall(walletId, auth));
        if (ok) {
            assertEq(kith.nonces(address(wallet), 0), 1, "accepted: nonce consumed");
        } else {
            assertEq(returned, _invalidSignature(), "refused: InvalidSignature");
            assertEq(kith.nonces(address(wallet), 0), 0, "refused: nonce kept");
        }
    }

    /*//////////////////////////////////////////////////////////////
                                HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev A post by `profileId` signed with `key` and naming `signer` (lane 0, next nonce).
    function _postAuth(address signer, uint256 profileId, uint256 key)
        private
        view
        returns (IKithSignatures.SignedAuth memory auth)
    {
        uint256 nonce = kith.nonces(signer, 0);
        uint256 deadline = _deadline();
        bytes32 structHash = _structHash(POST_TYPE, abi.encode(profileId, CONTENT_HASH, _hashString(URI)), nonce, deadline);
        auth = IKithSignatures.SignedAuth(signer, nonce, deadline, _sign(key, structHash));
    }

    function _postCall(uint256 profileId, IKithSignatures.SignedAuth memory auth) private view returns (bytes memory) {
        return abi.encodeCall(kith.postFor, (profileId, CONTENT_HASH, URI, auth));
    }

    function _postId(uint256 profileId) private pure returns (uint256) {
        return _expectedPostId(profileId, IKithPosts.PostKind.Post, 0, CONTENT_HASH);
    }

    /// @dev `registerFor(counterfactual, "counterfactual", ...)` with `innerKey`'s signature wrapped
    ///      for `factoryAddress` called with `factoryCall`.
    function _registerCounterfactual(address factoryAddress, bytes memory factoryCall, uint256 innerKey)
        private
        view
        returns (bytes memory callData, IKithSignatures.SignedAuth memory auth)
    {
        string memory handle = "counterfactual";
        uint256 deadline = _deadline();
        uint256 nonce = kith.nonces(counterfactual, 0);
        bytes32 structHash = _structHash(
            REGISTER_TYPE, abi.encode(counterfactual, _hashString(handle), address(0), METADATA_HASH), nonce, deadline
        );
        auth = IKithSignatures.SignedAuth(
            counterfactual, nonce, deadline, _wrap6492(factoryAddress, factoryCall, _sign(innerKey, structHash))
        );
        callData = abi.encodeCall(kith.registerFor, (counterfactual, handle, address(0), METADATA_HASH, auth));
    }

    /// @dev `data` with its 32-byte word number `index` replaced by `value`.
    function _withWord(bytes memory data, uint256 index, bytes32 value) private pure returns (bytes memory copy) {
        copy = bytes.concat(data);
        assembly ("memory-safe") {
            mstore(add(add(copy, 0x20), mul(index, 0x20)), value)
        }
    }
}
