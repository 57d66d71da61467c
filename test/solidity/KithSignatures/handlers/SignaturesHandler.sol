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

/// @notice Drives random signing, submitting, replaying, cancelling and waiting for
///         `KithSignaturesInvariantTest`.
/// @dev Predicts each submission's outcome from a model that knows nothing about nonce numbering,
///      only the documented semantics: a signature over the nonce that was current when it was
///      signed, `ahead` uses later, is valid exactly when that lane has since been consumed (used
///      or cancelled) exactly `ahead` times, its signer has not cancelled all signatures since, and
///      its deadline has not passed. Calls never revert, so the campaign runs with `failOnRevert`.
contract SignaturesHandler is CommonBase, StdCheats, StdUtils {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    uint256 public constant SIGNERS = 3;
    uint256 public constant LANES = 3;

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
        uint256 epoch;
        /// @dev The lane's consumption count at which this signature is the current one.
        uint256 validAtConsumption;
        uint256 deadline;
        bytes callData;
    }

    uint256[SIGNERS] internal _keys;
    address[SIGNERS] public signers;
    uint256[SIGNERS] public profileIds;
    uint160[LANES] public lanes;

    Signature[] internal _signatures;
    /// @dev Indices of `_signatures` accepted at least once (replay candidates).
    uint256[] internal _accepted;

    // The model.
    mapping(uint256 signerIndex => uint256 epoch) public modelEpoch;
    /// @dev Uses and cancellations of a lane in the signer's current epoch.
    mapping(uint256 signerIndex => mapping(uint256 laneIndex => uint256 count)) public modelConsumed;

    // Ghosts.
    mapping(uint256 signatureIndex => uint256 count) public acceptances;
    /// @notice Most times any one signature was accepted. Must stay <= 1.
    uint256 public maxAcceptances;
    /// @notice Submissions whose outcome the model did not predict. Must stay 0.
    uint256 public unexpectedOutcomes;
    /// @notice Times a `nonces()` value went down between two checks. Must stay 0.
    uint256 public nonceDecreases;
    mapping(uint256 signerIndex => mapping(uint256 laneIndex => uint256 nonce)) public lastNonce;

    uint256 public acceptedCalls;
    uint256 public refusedCalls;
    uint256 public replayCalls;
    uint256 public cancelledNonces;
    uint256 public cancelledAll;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    constructor(Kith _kith, IPostSigner _postSigner) {
        kith = _kith;
        postSigner = _postSigner;
        lanes = [uint160(0), 1, type(uint160).max];
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
        uint256 deadline = block.timestamp + _bound(validFor, 0, 2 hours);
        uint256 nonce = kith.nonces(signers[s], lanes[l]) + ahead;
        bytes32 contentHash = keccak256(abi.encode("post", _signatures.length));
        _signatures.push(
            Signature({
                signerIndex: s,
                laneIndex: l,
                epoch: modelEpoch[s],
                validAtConsumption: modelConsumed[s][l] + ahead,
                deadline: deadline,
                callData: postSigner.signedPostCall(_keys[s], profileIds[s], contentHash, nonce, deadline)
            })
        );
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
        vm.prank(signers[s]);
        kith.cancelNonce(lanes[l]);
        ++modelConsumed[s][l];
        ++cancelledNonces;
        _checkNonces();
    }

    function cancelAll(uint256 signerSeed) external {
        uint256 s = _bound(signerSeed, 0, SIGNERS - 1);
        vm.prank(signers[s]);
        kith.cancelAllSignatures();
        ++modelEpoch[s];
        for (uint256 l; l < LANES; ++l) {
            modelConsumed[s][l] = 0;
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
        return block.timestamp <= sig.deadline && sig.epoch == modelEpoch[sig.signerIndex]
            && sig.validAtConsumption == modelConsumed[sig.signerIndex][sig.laneIndex];
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    function _submit(uint256 index) private {
        Signature storage sig = _signatures[index];
        bool expected = modelValid(index);
        (bool ok,) = address(kith).call(sig.callData);
        if (ok != expected) ++unexpectedOutcomes;
        if (ok) {
            ++acceptedCalls;
            ++modelConsumed[sig.signerIndex][sig.laneIndex];
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
                if (current < lastNonce[s][l]) ++nonceDecreases;
                lastNonce[s][l] = current;
            }
        }
    }
}
