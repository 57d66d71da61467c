// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {IKithSignatures} from "../interfaces/IKithSignatures.sol";
import {KithWalletDeployer} from "../KithWalletDeployer.sol";

/// @title KithSignatures
/// @notice EIP-712 domain, keyed nonces with cancellation, and signature verification for EOAs,
///         ERC-1271 and ERC-6492.
abstract contract KithSignatures is IKithSignatures, EIP712 {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @dev ERC-6492: a wrapped signature ends with these 32 bytes.
    bytes32 private constant _ERC6492_SUFFIX = 0x6492649264926492649264926492649264926492649264926492649264926492;

    /// @dev The highest sequence a `cancelNonce` may move a lane to. Above it a sequence only grows
    ///      by one per signature, and 2**63 signatures of one signer cannot happen: a sequence never
    ///      reaches 2**64. A cancel jumps by at most 2**32, so a lane takes at least 2**31 cancels
    ///      to get here.
    uint256 private constant _MAX_CANCELLED_SEQUENCE = 2 ** 63;

    /*//////////////////////////////////////////////////////////////
                               IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    /// @dev Makes ERC-6492 factory calls on Kith's behalf, without Kith's privileges.
    KithWalletDeployer private immutable _walletDeployer;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev Per signer: current epoch (bits 64-127) and next sequence of lane 0 (bits 0-63). Lane 0,
    ///      the default, shares the epoch's slot, so a signed action reads one nonce slot, not two.
    mapping(address signer => uint256 state) private _signerStates;

    /// @dev Next sequence number per signer and key (`epoch << 128 | lane`) for lanes other than 0.
    mapping(address signer => mapping(uint192 key => uint64 sequence)) private _sequences;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    constructor(string memory name, string memory version) EIP712(name, version) {
        _walletDeployer = new KithWalletDeployer();
    }

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithSignatures
    function nonces(address signer, uint128 lane) public view returns (uint256) {
        (, uint192 key, uint64 sequence) = _lane(signer, lane);
        return (uint256(key) << 64) | sequence;
    }

    /*//////////////////////////////////////////////////////////////
                           SIGNATURE ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithSignatures
    function cancelNonce(uint128 lane) external {
        (uint256 state, uint192 key, uint64 sequence) = _lane(msg.sender, lane);
        uint256 nonce = (uint256(key) << 64) | sequence;
        // A jump of 1 to 2**32 that nobody can know in advance: every sequence signed ahead of it
        // is skipped, except with probability 2**-32 the one it lands on.
        uint256 next = uint256(sequence) + 1 + uint32(_quasiRandom(msg.sender, nonce));
        if (next > _MAX_CANCELLED_SEQUENCE) revert LaneExhausted(msg.sender, lane);
        if (lane == 0) {
            _signerStates[msg.sender] = ((state >> 64) << 64) | next;
        } else {
            _sequences[msg.sender][key] = uint64(next);
        }
        emit NonceCancelled(msg.sender, nonce, (uint256(key) << 64) | next);
    }

    /// @inheritdoc IKithSignatures
    function cancelAllSignatures() external {
        uint256 state = _signerStates[msg.sender];
        uint64 previousEpoch = uint64(state >> 64);
        // Quasi-random, not the next number: a signature made in advance for a future epoch hits it
        // with probability 2**-64, where `epoch + 1` would have made it valid for sure.
        uint64 epoch = uint64(_quasiRandom(msg.sender, state));
        // Wrapping from 2**64 - 1 to 0 is fine: all that matters is leaving the previous epoch.
        unchecked {
            if (epoch == previousEpoch) ++epoch;
        }
        _signerStates[msg.sender] = (uint256(epoch) << 64) | uint64(state);
        emit SignaturesCancelled(msg.sender, epoch);
    }

    /*//////////////////////////////////////////////////////////////
                            SIGNATURE HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev Checks, in this order, the deadline, the nonce (consumed) and the signature of
    ///      `auth.signer` over the typed data `structHash` (which includes nonce and deadline).
    ///      Returns the signer, who still has to be authorized for the action by the caller.
    function _verify(bytes32 structHash, SignedAuth calldata auth) internal returns (address signer) {
        if (block.timestamp > auth.deadline) revert SignatureExpired(auth.deadline);
        signer = auth.signer;
        _useNonce(signer, auth.nonce);
        if (signer == address(0) || !_isValidSignature(signer, _hashTypedDataV4(structHash), auth.signature)) {
            revert InvalidSignature();
        }
    }

    /// @dev Consumes `nonce` for `signer` or reverts with the nonce it should have been.
    function _useNonce(address signer, uint256 nonce) private {
        uint192 key = uint192(nonce >> 64);
        uint128 lane = uint128(key);
        uint256 state = _signerStates[signer];
        bool valid = uint64(key >> 128) == uint64(state >> 64);
        if (lane == 0) {
            valid = valid && uint64(nonce) == uint64(state);
            // The sequence sits in the low 64 bits. Cancels leave it at most 2**63
            // (`_MAX_CANCELLED_SEQUENCE`) and each signature adds one: it cannot reach 2**64 and
            // carry into the epoch.
            unchecked {
                if (valid) _signerStates[signer] = state + 1;
            }
        } else {
            uint64 sequence = _sequences[signer][key];
            valid = valid && uint64(nonce) == sequence;
            // Same bound as above: at most 2**63 after cancels, then one increment per signature.
            unchecked {
                if (valid) _sequences[signer][key] = sequence + 1;
            }
        }
        if (!valid) revert InvalidAccountNonce(signer, nonces(signer, lane));
    }

    /// @dev `signer`'s packed state, the key of `lane` in the current epoch (`epoch << 128 | lane`)
    ///      and the lane's next sequence.
    function _lane(address signer, uint128 lane) private view returns (uint256 state, uint192 key, uint64 sequence) {
        state = _signerStates[signer];
        key = (uint192(uint64(state >> 64)) << 128) | lane;
        sequence = lane == 0 ? uint64(state) : _sequences[signer][key];
    }

    /// @dev Unknown until the block before this one exists (its hash), and not the block builder's
    ///      to choose (prevrandao); `signer` and `subject` (what is cancelled, which every cancel
    ///      changes) make two cancels in one block differ.
    function _quasiRandom(address signer, uint256 subject) private view returns (uint256) {
        return uint256(keccak256(abi.encode(blockhash(block.number - 1), block.prevrandao, signer, subject)));
    }

    /// @dev ERC-6492 wrapped signatures first (deploying the wallet if it has no code yet). Otherwise
    ///      ECDSA (low-s only), then ERC-1271 if ECDSA does not yield the signer: both through
    ///      OpenZeppelin. ECDSA goes first so an EOA signer costs no account access (2,600 gas);
    ///      a contract signer only pays one failed ecrecover.
    ///      Reentrancy: the factory call is the only call that can change state. It happens after the
    ///      nonce is consumed, through the stateless deployer, and callers authorize the signer only
    ///      afterwards, on the state as it is then.
    function _isValidSignature(address signer, bytes32 digest, bytes calldata signature) private returns (bool) {
        uint256 length = signature.length;
        if (length >= 32 && bytes32(signature[length - 32:]) == _ERC6492_SUFFIX) {
            (bool wellFormed, address factory, bytes calldata factoryCalldata, bytes calldata inner) =
                _decodeERC6492(signature[:length - 32]);
            if (!wellFormed) return false;
            if (signer.code.length == 0) _walletDeployer.deploy(factory, factoryCalldata);
            return SignatureChecker.isValidERC1271SignatureNowCalldata(signer, digest, inner);
        }
        if (length == 65) {
            (address recovered, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(digest, signature);
            if (error == ECDSA.RecoverError.NoError && recovered == signer) return true;
        }
        return SignatureChecker.isValidERC1271SignatureNowCalldata(signer, digest, signature);
    }

    /// @dev Reads `abi.encode(address factory, bytes factoryCalldata, bytes signature)` without
    ///      reverting: a malformed wrapper is an invalid signature (`wellFormed` false), not a
    ///      revert without a reason. Every offset and length is checked against the data's length.
    function _decodeERC6492(bytes calldata data)
        private
        pure
        returns (bool wellFormed, address factory, bytes calldata factoryCalldata, bytes calldata inner)
    {
        factoryCalldata = data[0:0];
        inner = data[0:0];
        if (data.length < 96) return (false, address(0), factoryCalldata, inner);
        uint256 word = uint256(bytes32(data[0:32]));
        if (word >> 160 != 0) return (false, address(0), factoryCalldata, inner);
        factory = address(uint160(word));
        bool ok;
        (ok, factoryCalldata) = _bytesAt(data, uint256(bytes32(data[32:64])));
        if (!ok) return (false, address(0), factoryCalldata, inner);
        (ok, inner) = _bytesAt(data, uint256(bytes32(data[64:96])));
        return (ok, factory, factoryCalldata, inner);
    }

    /// @dev The ABI-encoded `bytes` whose head is at `offset` in `data`, if it lies within `data`.
    function _bytesAt(bytes calldata data, uint256 offset) private pure returns (bool ok, bytes calldata value) {
        value = data[0:0];
        if (offset > data.length || data.length - offset < 32) return (false, value);
        uint256 length = uint256(bytes32(data[offset:offset + 32]));
        // offset + 32 <= data.length (checked above), so the subtraction cannot underflow.
        if (length > data.length - offset - 32) return (false, value);
        return (true, data[offset + 32:offset + 32 + length]);
    }
}
