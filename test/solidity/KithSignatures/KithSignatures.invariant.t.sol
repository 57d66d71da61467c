// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StdInvariant} from "forge-std/StdInvariant.sol";

import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {KithSignaturesTestSuite} from "./KithSignaturesTestSuite.sol";
import {IPostSigner, SignaturesHandler} from "./handlers/SignaturesHandler.sol";

/// @notice Random sequences of signing (for the current nonce, a few sequences ahead, or a future
///         epoch), submitting, replaying, cancelling one nonce, cancelling all and waiting, over
///         three signers and three lanes: every signature is accepted at most once, exactly when the
///         documented nonce rules say it is valid (nothing signed in advance survives a cancel),
///         `nonces()` never goes down within an epoch, and cancels move nonces as documented.
contract KithSignaturesInvariantTest is KithSignaturesTestSuite, IPostSigner {
    SignaturesHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new SignaturesHandler(kith, this);

        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = SignaturesHandler.sign.selector;
        selectors[1] = SignaturesHandler.signForFutureEpoch.selector;
        selectors[2] = SignaturesHandler.submit.selector;
        selectors[3] = SignaturesHandler.replay.selector;
        selectors[4] = SignaturesHandler.cancelNonce.selector;
        selectors[5] = SignaturesHandler.cancelAll.selector;
        selectors[6] = SignaturesHandler.wait.selector;
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @inheritdoc IPostSigner
    function signedPostCall(uint256 signerKey, uint256 profileId, bytes32 contentHash, uint256 nonce, uint256 deadline)
        external
        view
        returns (bytes memory)
    {
        bytes32 structHash =
            _structHash(POST_TYPE, abi.encode(profileId, contentHash, _hashString(URI)), nonce, deadline);
        IKithSignatures.SignedAuth memory auth = _auth(signerKey, structHash, nonce, deadline);
        return abi.encodeCall(kith.postFor, (profileId, contentHash, URI, auth));
    }

    function invariant_SignatureAcceptedAtMostOnce() public view {
        assertLe(handler.maxAcceptances(), 1);
    }

    function invariant_OutcomesMatchNonceRules() public view {
        assertEq(handler.unexpectedOutcomes(), 0);
    }

    function invariant_NoncesNeverDecreaseWithinEpoch() public view {
        assertEq(handler.nonceDecreases(), 0);
    }

    function invariant_CancelsMoveNoncesAsDocumented() public view {
        assertEq(handler.undocumentedMoves(), 0);
    }

    /// @dev Every lane's nonce is its signer's epoch (the one the last cancel-all moved to), the
    ///      lane, and the sequence the handler counted: one per use, the observed jump per cancel,
    ///      and 0 for lanes other than 0 after a cancel-all.
    function invariant_NoncesMatchTheHandlersBooks() public view {
        for (uint256 s; s < handler.SIGNERS(); ++s) {
            address signer = handler.signers(s);
            for (uint256 l; l < handler.LANES(); ++l) {
                uint128 lane = handler.lanes(l);
                uint256 nonce = kith.nonces(signer, lane);
                assertEq(nonce >> 192, handler.expectedEpoch(s), "epoch");
                assertEq(uint128(nonce >> 64), lane, "lane");
                assertEq(uint64(nonce), handler.expectedSequence(s, l), "sequence");
            }
        }
    }

    /// @dev A handler that skipped everything, or predicted wrongly and kept quiet, would make the
    ///      invariants vacuous: drive it by hand through each kind of outcome and check its books.
    function test_Handler_RecordsWhatItDid() public {
        handler.sign(0, 0, 0, 1 hours); // #0: valid now
        handler.sign(0, 0, 1, 1 hours); // #1: valid after one more use of the lane
        handler.sign(1, 2, 0, 0); // #2: expires at once
        handler.submit(1); // too early: refused
        handler.submit(0); // accepted
        handler.replay(0); // replay of #0: refused
        handler.submit(1); // now current: accepted
        handler.wait(1);
        handler.submit(2); // expired: refused
        handler.sign(2, 1, 0, 1 hours); // #3
        handler.sign(2, 1, 1, 1 hours); // #4: one sequence ahead of #3
        handler.cancelNonce(2, 1); // voids #3 and #4
        handler.submit(3); // refused
        handler.sign(2, 1, 0, 1 hours); // #5: the lane's new nonce
        handler.submit(5); // accepted
        handler.submit(4); // refused: the cancel jumped past it
        handler.sign(2, 1, 0, 1 hours); // #6
        handler.signForFutureEpoch(2, 1, 0, 1 hours); // #7: for the epoch after the current one
        handler.cancelAll(2); // voids #6; #7 does not come to life
        handler.submit(6); // refused
        handler.submit(7); // refused
        handler.sign(2, 1, 0, 1 hours); // #8: the new epoch's nonce
        handler.submit(8); // accepted

        assertEq(handler.signatureCount(), 9, "signatures");
        assertEq(handler.futureEpochSignatures(), 1, "future-epoch signatures");
        assertEq(handler.acceptedCalls(), 4, "accepted");
        assertEq(handler.refusedCalls(), 7, "refused");
        assertEq(handler.replayCalls(), 1, "replays");
        assertEq(handler.cancelledNonces(), 1, "cancelled nonces");
        assertEq(handler.cancelledAll(), 1, "cancel-alls");
        assertEq(handler.maxAcceptances(), 1, "max acceptances");
        assertEq(handler.unexpectedOutcomes(), 0, "unexpected outcomes");
        assertEq(handler.nonceDecreases(), 0, "decreases");
        assertEq(handler.undocumentedMoves(), 0, "undocumented moves");

        invariant_NoncesMatchTheHandlersBooks();
    }
}
