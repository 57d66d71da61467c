// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";

import {IKithExtension} from "../../contracts/interfaces/IKithExtension.sol";
import {IKithOwnedIds} from "../../contracts/interfaces/IKithOwnedIds.sol";
import {IKithSignatures} from "../../contracts/interfaces/IKithSignatures.sol";
import {KithSigningTestSuite} from "./KithSigningTestSuite.sol";
import {TypedData} from "./TypedData.sol";

/// @notice Shared setup for contracts beside Kith that act for its profiles under their own EIP-712
///         domain (KithModeration, KithChannels): alice (1), bob (2) and carol (3) registered, the
///         signers' keys, and signing over the extension's own nonces and domain.
abstract contract KithExtensionTestSuite is KithSigningTestSuite {
    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    uint256 internal bobPk;
    uint256 internal carolPk;
    /// @dev An hour after the start.
    uint256 internal deadline;
    /// @dev The first id no profile has.
    uint256 internal unregisteredId;

    /*//////////////////////////////////////////////////////////////
                                  SETUP
    //////////////////////////////////////////////////////////////*/

    function setUp() public virtual override {
        super.setUp();
        (, bobPk) = makeAddrAndKey("bob");
        (, carolPk) = makeAddrAndKey("carol");
        aliceId = _register(alice, "alice");
        bobId = _register(bob, "bob");
        carolId = _register(carol, "carol");
        unregisteredId = kith.profileCount() + 1;
        deadline = START_TIME + 1 hours;
    }

    /// @dev The contract under test: its domain and nonces sign the actions.
    function _extension() internal view virtual returns (address);

    /*//////////////////////////////////////////////////////////////
                            SIGNATURE HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev `signerPk`'s signature of `abi.encode(typehash, fields, nonce, deadline)` over its next
    ///      default-lane nonce on the extension, in the domain the extension reports (ERC-5267).
    function _sign(uint256 signerPk, string memory typeString, bytes memory fields)
        internal
        view
        returns (IKithSignatures.SignedAuth memory)
    {
        uint256 nonce = IKithSignatures(_extension()).nonces(vm.addr(signerPk), 0);
        return _signAt(signerPk, typeString, fields, nonce, deadline);
    }

    function _signAt(uint256 signerPk, string memory typeString, bytes memory fields, uint256 nonce, uint256 until)
        internal
        view
        returns (IKithSignatures.SignedAuth memory)
    {
        bytes32 structHash = keccak256(abi.encodePacked(keccak256(bytes(typeString)), fields, abi.encode(nonce, until)));
        bytes32 separator = TypedData.domainSeparator(IERC5267(_extension()));
        return TypedData.sign(signerPk, separator, structHash, nonce, until);
    }

    /// @dev The same action and nonce with `signer` claimed instead: what a relayer forging a signer submits.
    function _claimedBy(IKithSignatures.SignedAuth memory auth, address signer)
        internal
        pure
        returns (IKithSignatures.SignedAuth memory)
    {
        auth.signer = signer;
        return auth;
    }

    /// @dev EIP-712 `string[]`: keccak256 of the concatenated keccak256 of each string.
    function _hashStrings(string[] memory values) internal pure returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](values.length);
        for (uint256 i; i < values.length; ++i) {
            hashes[i] = keccak256(bytes(values[i]));
        }
        return keccak256(abi.encodePacked(hashes));
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    function _notAuthorized(uint256 profileId, address caller) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithExtension.NotAuthorized.selector, profileId, caller);
    }

    function _notOwner(uint256 id, address caller) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithOwnedIds.NotOwner.selector, id, caller);
    }

    function _expired(uint256 until) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithSignatures.SignatureExpired.selector, until);
    }

    function _invalidSignature() internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithSignatures.InvalidSignature.selector);
    }

    function _nonceError(address account, uint256 currentNonce) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithSignatures.InvalidAccountNonce.selector, account, currentNonce);
    }

    /*//////////////////////////////////////////////////////////////
                             PROFILE HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev alice's profile moves to dave (offer, accept): custody changes in Kith.
    function _moveAliceToDave() internal {
        vm.prank(alice);
        kith.offerTransfer(aliceId, dave);
        vm.prank(dave);
        kith.acceptTransfer(aliceId);
    }

    /// @dev Makes `n` strings "a", "b", ... (valid label values).
    function _strings(uint256 n) internal pure returns (string[] memory values) {
        values = new string[](n);
        for (uint256 i; i < n; ++i) {
            values[i] = string(abi.encodePacked(bytes1(uint8(0x61 + i % 26)), vm.toString(i)));
        }
    }
}
