// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Kith signed actions
/// @notice Every state-changing action has a `...For` variant that anyone may submit with the EIP-712
///         signature of an address allowed to act: the profile's custody, an app key in scope, or
///         (for registration, accepting a transfer and recovery) the address named by the action.
///         Signatures verify through OpenZeppelin `SignatureChecker`: EOAs (low-s only), ERC-1271
///         contract wallets such as Safe, and ERC-6492 wrapped signatures of wallets not deployed yet
///         (the wallet is deployed through its factory first).
/// @dev Nonces are keyed: a nonce is `epoch << 192 | lane << 64 | sequence` (64, 128 and 64 bits).
///      Each lane (any 128-bit number an app picks; 0 is the default and the cheapest) counts on its
///      own, so apps relaying for the same signer never invalidate each other. A signature is valid
///      only over the current nonce of its lane: the signer's current epoch and the lane's current
///      sequence. Within an epoch a lane's sequence only grows: by one per signature used, by a
///      quasi-random jump per `cancelNonce`. A used signature is never valid again, whatever
///      cancels follow: lane 0's sequence carries over from epoch to epoch, and the sequences of
///      other lanes are kept per epoch, so an epoch that comes back resumes where it stopped.
///      Cancels take their randomness from `keccak256(abi.encode(blockhash(block.number - 1),
///      block.prevrandao, signer, x))`, `x` being what is cancelled (the signer's epoch and lane-0
///      sequence as stored for `cancelAllSignatures`, the nonce being cancelled for `cancelNonce`):
///      nobody knows it before the block preceding the cancel's block exists, so a signature made
///      in advance cannot aim at it. No cancel stops a signature submitted before the cancel lands
///      (a relayer holding one may front-run the cancel).
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
    /// @notice `cancelNonce(lane)` would have moved the lane's sequence above 2**63, so it refused:
    ///         the lane has been cancelled 2**31 times or more (a cancel moves it by 2**31 on
    ///         average). Signatures in the lane still work; `cancelAllSignatures()` still voids
    ///         them (and starts a lane other than 0 afresh).
    error LaneExhausted(address signer, uint128 lane);

    /// @notice `signer` cancelled nonce `nonce` and every later nonce of its lane below `nextNonce`:
    ///         signatures over them can never be used, even if a later `cancelAllSignatures` comes
    ///         back to this epoch. `nonce` and `nextNonce` have the same epoch and lane,
    ///         `nextNonce - nonce` is 1 to 2**32, and `nextNonce` is what `nonces(signer, lane)`
    ///         returns right after. Within one epoch and lane, the cancelled ranges and the used
    ///         nonces never overlap.
    event NonceCancelled(address indexed signer, uint256 nonce, uint256 nextNonce);

    /// @notice `signer` moved to `epoch` (below 2**64; never the epoch it left): every signature
    ///         over a nonce of another epoch is void. `nonces(signer, lane) >> 192 == epoch` for
    ///         every lane until the next `SignaturesCancelled` of `signer`. Epochs are quasi-random,
    ///         not increasing: an indexer must not order epochs by value.
    event SignaturesCancelled(address indexed signer, uint256 epoch);

    /// @notice The nonce `signer` must sign next in `lane`: `epoch << 192 | lane << 64 | sequence`.
    function nonces(address signer, uint128 lane) external view returns (uint256);

    /// @notice Voids the next nonce of `lane` for `msg.sender` and every later nonce of that lane
    ///         signed in advance: the lane's sequence jumps from `s` to `s + 1 + r`, where `r` is
    ///         a quasi-random 32-bit number. Every sequence from `s` to `s + r` is void for good.
    ///         A signature made before the cancel over a later sequence `s + d` could become the
    ///         current one only if `r` lands on it: probability 2**-32 right away, and at most
    ///         `(k + 1) / 2**32` over the lane's next `k` uses. Other lanes are untouched. Used
    ///         signatures stay used: the sequence never goes back.
    /// @dev Reverts with `LaneExhausted` when `s + 1 + r` would exceed 2**63 (at the earliest after
    ///      2**31 cancels of the lane), which keeps 2**63 signatures of headroom below the
    ///      sequence's 2**64 limit.
    function cancelNonce(uint128 lane) external;

    /// @notice Voids every signature of `msg.sender` not used yet, in every lane, including those
    ///         made in advance for any later sequence or any future epoch: the signer moves to a new
    ///         quasi-random 64-bit epoch, never the current one. A signature made before the cancel
    ///         for a chosen epoch is valid after it only if the new epoch happens to be that one:
    ///         probability 2**-64 (for `n` such signatures, `n / 2**64`). Lane 0 keeps its
    ///         sequence; other lanes start at 0 in an epoch they have not been used in. Used
    ///         signatures stay used.
    function cancelAllSignatures() external;
}
