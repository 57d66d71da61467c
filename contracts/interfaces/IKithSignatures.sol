// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Kith signed actions
/// @notice Every state-changing action has a `...For` variant that anyone may submit with the EIP-712
///         signature of an address allowed to act: the profile's custody, an app key in scope, or
///         (for registration, accepting a transfer and recovery) the address named by the action.
///         Signatures verify through OpenZeppelin `SignatureChecker`: EOAs (low-s only), ERC-1271
///         contract wallets such as Safe, and ERC-6492 wrapped signatures of wallets not deployed yet
///         (the wallet is deployed through its factory first).
/// @dev Nonces are keyed: a nonce is `epoch << 224 | lane << 64 | sequence`. Each lane (any 160-bit
///      number an app picks) counts on its own, so apps relaying for the same signer never invalidate
///      each other. `cancelNonce(lane)` burns the next nonce of one lane; `cancelAllSignatures()`
///      moves the signer to a new epoch, invalidating every outstanding signature at once.
interface IKithSignatures {
    /// @notice Who signed, which nonce the signature consumes, until when it is valid, and the
    ///         signature itself (65-byte ECDSA, ERC-1271 bytes, or an ERC-6492 wrapper).
    struct SignedAuth {
        address signer;
        uint256 nonce;
        uint256 deadline;
        bytes signature;
    }

    /// @notice The signature's deadline has passed.
    error SignatureExpired(uint256 deadline);
    /// @notice The signature does not verify for the signer (wrong signer, wrong domain or chain,
    ///         high-s, a contract wallet that refuses, reverts or runs out of gas).
    error InvalidSignature();
    /// @notice The nonce was used, cancelled, or belongs to an old epoch; `currentNonce` is the one
    ///         to sign for that lane now.
    error InvalidAccountNonce(address account, uint256 currentNonce);

    /// @notice `signer` burned nonce `nonce`: a signature over it can no longer be used.
    event NonceCancelled(address indexed signer, uint256 nonce);

    /// @notice `signer` moved to `epoch`: every signature over a nonce of an earlier epoch is void.
    event SignaturesCancelled(address indexed signer, uint256 epoch);

    /// @notice The nonce `signer` must sign next in `lane`.
    function nonces(address signer, uint160 lane) external view returns (uint256);

    /// @notice Burns the next nonce of `lane` for `msg.sender`, voiding a signature made over it.
    function cancelNonce(uint160 lane) external;

    /// @notice Voids every outstanding signature of `msg.sender`, in every lane.
    function cancelAllSignatures() external;
}
