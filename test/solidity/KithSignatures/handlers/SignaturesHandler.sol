// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {Kith} from "../../../../contracts/Kith.sol";

/// @notice Signs `postFor` calls; implemented by the invariant test with the suite's helpers, so
///         the handler builds no typed data of its own.
interface IPostSigner {
    function signedPostCall(uint256 signerKey, uint256 profileId, bytes32 contentHash, uint256 nonce, uint256 deadline)
        external
        view
        returns (bytes memory callData);
}

/// @notice Drives random signing (for the current nonce, a few sequences ahead, or a future epoch),
///         submitting, replaying, cancelling and waiting for `KithSignaturesInvariantTest`.
/// @dev Predicts each submission's outcome from a model that knows nothing about nonce numbering,
///      only the documented semantics: a signature over the nonce that was current when it was
///      signed, `ahead` uses later, is valid exactly when that lane has since been used exactly
///      `ahead` times, and neither cancelled (`cancelNonce` voids every sequence signed in advance)
///      nor its signer's signatures all cancelled, and its deadline has not passed. A signature
///      made for a future epoch is never valid. (Both cancels let a signature made in advance
///      through with probability 2**-32 and 2**-64: the model ignores that.)
///      Separately, it keeps the numbers: each lane's sequence (one up per use, 1 to 2**32 up per
///      cancel, lane 0 kept and other lanes restarted at 0 by a cancel-all) and each signer's epoch
///      (a new one per cancel-all). Calls never revert, so the campaign runs with `failOnRevert`.
contract SignaturesHandler is CommonBase, StdCheats, StdUtils {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    uint256 public constant SIGNERS = 3;
    uint256 public constant LANES = 3;

    /// @dev The model epoch of signatures made for a future epoch: one the model never reaches.
    uint256 private constant _NEVER = type(uint256).max;

    /*//////////////////////////////////////////////////////////////
                                IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    Kith public immutable kith;
    IPostSigner public immutable postSigner;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    struct Signature {
        uint256 signerIndex;
        uint256 laneIndex;
        /// @dev The signer's cancel-all count when signed (`_NEVER` for a future epoch).
        uint256 epoch;
        /// @dev The lane's cancel count when signed.
        uint256 laneCancels;
        /// @dev The lane's use count (since its last cancel) at which this signature is current.
        uint256 validAtConsumption;
        uint256 deadline;
        bytes callData;
    }

    uint256[SIGNERS] internal _keys;
    address[SIGNERS] public signers;
    uint256[SIGNERS] public profileIds;
    uint128[LANES] public lanes;

    Signature[] internal _signatures;
    /// @dev Indices of `_signatures` accepted at least once (replay candidates).
    uint256[] internal _accepted;

    // The model of validity.
    mapping(uint256 signerIndex => uint256 cancelAlls) public modelEpoch;
    mapping(uint256 signerIndex => mapping(uint256 laneIndex => uint256 count)) public modelLaneCancels;
    /// @dev Uses of a lane since its last cancel or its signer's last cancel-all.
    mapping(uint256 signerIndex => mapping(uint256 laneIndex => uint256 count)) public modelConsumed;

    // The model of the numbers.
    /// @notice The epoch `nonces()` must report: read after each cancel-all, checked to be new.
    mapping(uint256 signerIndex => uint256 epoch) public expectedEpoch;
    /// @notice The sequence `nonces()` must report for each lane.
    mapping(uint256 signerIndex => mapping(uint256 laneIndex => uint256 sequence)) public expectedSequence;

    // Ghosts.
    mapping(uint256 signatureIndex => uint256 count) public acceptances;
    /// @notice Most times any one signature was accepted. Must stay <= 1.
    uint256 public maxAcceptances;
    /// @notice Submissions whose outcome the model did not predict. Must stay 0.
    uint256 public unexpectedOutcomes;
    /// @notice Times a lane's nonce went down between two checks within one epoch, or lane 0's
    ///         sequence went down at all. Must stay 0.
    uint256 public nonceDecreases;
    /// @notice Cancels that moved a lane's nonce by anything but 1 to 2**32 of sequence (same epoch
    ///         and lane); cancel-alls that kept the epoch. Must stay 0.
    uint256 public undocumentedMoves;
    mapping(uint256 signerIndex => mapping(uint256 laneIndex => uint256 nonce)) public lastNonce;

    uint256 public acceptedCalls;
    uint256 public refusedCalls;
    uint256 public replayCalls;
    uint256 public futureEpochSignatures;
    uint256 public cancelledNonces;
    uint256 public cancelledAll;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    constructor(Kith _kith, IPostSigner _postSigner) {
        kith = _kith;
        postSigner = _postSigner;
        lanes = [uint128(0), 1, type(uint128).max];
        for (uint256 i; i < SIGNERS; ++i) {
            string memory handle = string.concat("signer", vm.toString(i));
            (signers[i], _keys[i]) = makeAddrAndKey(handle);
            vm.prank(signers[i]);
            profileIds[i] = _kith.register(handle, address(0), 0);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Signs a post over the nonce `ahead` (0-2) uses after the lane's current one, valid
    ///         for 0 to 2 hours; does not submit it.
    function sign(uint256 signerSeed, uint256 laneSeed, uint256 ahead, uint256 validFor) external {
        uint256 s = _bound(signerSeed, 0, SIGNERS - 1);
        uint256 l = _bound(laneSeed, 0, LANES - 1);
        ahead = _bound(ahead, 0, 2);
        _record(s, l, modelEpoch[s], modelConsumed[s][l] + ahead, kith.nonces(signers[s], lanes[l]) + ahead, validFor);
    }

    /// @notice Signs a post, valid for 0 to 2 hours, for the lane's first nonce in an epoch 1, 2,
    ///         2**16 or any number ahead of the current one: what a phisher asks for before the
    ///         victim cancels all signatures.
    function signForFutureEpoch(uint256 signerSeed, uint256 laneSeed, uint256 offsetSeed, uint256 validFor) external {
        uint256 s = _bound(signerSeed, 0, SIGNERS - 1);
        uint256 l = _bound(laneSeed, 0, LANES - 1);
        uint256[3] memory offsets = [uint256(1), 2, 2 ** 16];
        uint256 offset = offsetSeed % 4 < 3 ? offsets[offsetSeed % 4] : _bound(offsetSeed, 1, type(uint64).max);
        uint256 laneZero = kith.nonces(signers[s], 0);
        uint256 epoch = uint64((laneZero >> 192) + offset);
        uint256 sequence = l == 0 ? uint64(laneZero) : 0;
        uint256 nonce = (epoch << 192) | (uint256(lanes[l]) << 64) | sequence;
        ++futureEpochSignatures;
        _record(s, l, _NEVER, 0, nonce, validFor);
    }

    /// @notice Submits any signature made so far (fresh, stale, future or already used).
    function submit(uint256 indexSeed) external {
        if (_signatures.length == 0) return;
        _submit(_bound(indexSeed, 0, _signatures.length - 1));
    }

    /// @notice Submits a signature that was accepted before.
    function replay(uint256 indexSeed) external {
        if (_accepted.length == 0) return;
        ++replayCalls;
        _submit(_accepted[_bound(indexSeed, 0, _accepted.length - 1)]);
    }

    function cancelNonce(uint256 signerSeed, uint256 laneSeed) external {
        uint256 s = _bound(signerSeed, 0, SIGNERS - 1);
        uint256 l = _bound(laneSeed, 0, LANES - 1);
        uint256 before = kith.nonces(signers[s], lanes[l]);
        vm.prank(signers[s]);
        kith.cancelNonce(lanes[l]);
        uint256 next = kith.nonces(signers[s], lanes[l]);
        if (next >> 64 != before >> 64 || next <= before || next - before > 2 ** 32) ++undocumentedMoves;
        expectedSequence[s][l] = uint64(next);
        ++modelLaneCancels[s][l];
        modelConsumed[s][l] = 0;
        ++cancelledNonces;
        _checkNonces();
    }

    function cancelAll(uint256 signerSeed) external {
        uint256 s = _bound(signerSeed, 0, SIGNERS - 1);
        vm.prank(signers[s]);
        kith.cancelAllSignatures();
        uint256 epoch = kith.nonces(signers[s], 0) >> 192;
        if (epoch == expectedEpoch[s]) ++undocumentedMoves;
        expectedEpoch[s] = epoch;
        ++modelEpoch[s];
        for (uint256 l; l < LANES; ++l) {
            modelConsumed[s][l] = 0;
            // Lane 0 shares the epoch's slot and keeps counting; the others start a fresh epoch.
            if (lanes[l] != 0) expectedSequence[s][l] = 0;
        }
        ++cancelledAll;
        _checkNonces();
    }

    function wait(uint256 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 0, 1 hours));
    }

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    function signatureCount() external view returns (uint256) {
        return _signatures.length;
    }

    /// @notice Whether the model considers signature `index` usable right now.
    function modelValid(uint256 index) public view returns (bool) {
        Signature storage sig = _signatures[index];
        uint256 s = sig.signerIndex;
        uint256 l = sig.laneIndex;
        return block.timestamp <= sig.deadline && sig.epoch == modelEpoch[s]
            && sig.laneCancels == modelLaneCancels[s][l] && sig.validAtConsumption == modelConsumed[s][l];
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    function _record(uint256 s, uint256 l, uint256 epoch, uint256 validAtConsumption, uint256 nonce, uint256 validFor)
        private
    {
        uint256 deadline = block.timestamp + _bound(validFor, 0, 2 hours);
        bytes32 contentHash = keccak256(abi.encode("post", _signatures.length));
        _signatures.push(
            Signature({
                signerIndex: s,
                laneIndex: l,
                epoch: epoch,
                laneCancels: modelLaneCancels[s][l],
                validAtConsumption: validAtConsumption,
                deadline: deadline,
                callData: postSigner.signedPostCall(_keys[s], profileIds[s], contentHash, nonce, deadline)
            })
        );
    }

    function _submit(uint256 index) private {
        Signature storage sig = _signatures[index];
        bool expected = modelValid(index);
        (bool ok,) = address(kith).call(sig.callData);
        if (ok != expected) ++unexpectedOutcomes;
        if (ok) {
            ++acceptedCalls;
            ++modelConsumed[sig.signerIndex][sig.laneIndex];
            ++expectedSequence[sig.signerIndex][sig.laneIndex];
            uint256 count = ++acceptances[index];
            if (count == 1) _accepted.push(index);
            if (count > maxAcceptances) maxAcceptances = count;
        } else {
            ++refusedCalls;
        }
        _checkNonces();
    }

    function _checkNonces() private {
        for (uint256 s; s < SIGNERS; ++s) {
            for (uint256 l; l < LANES; ++l) {
                uint256 current = kith.nonces(signers[s], lanes[l]);
                uint256 last = lastNonce[s][l];
                bool sameEpoch = current >> 192 == last >> 192;
                if ((sameEpoch && current < last) || (lanes[l] == 0 && uint64(current) < uint64(last))) {
                    ++nonceDecreases;
                }
                lastNonce[s][l] = current;
            }
        }
    }
}
