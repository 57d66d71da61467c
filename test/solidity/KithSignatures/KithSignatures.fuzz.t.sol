// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {IKithPosts} from "../../../contracts/interfaces/IKithPosts.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {KithSignaturesTestSuite} from "./KithSignaturesTestSuite.sol";

/// @notice Signed posts over random signer keys, lanes, deadlines, clocks and wrong signers;
///         random sequences of nonce uses and cancellations; signatures made in advance for any
///         later epoch or sequence, against cancels in any block.
contract KithSignaturesFuzzTest is KithSignaturesTestSuite {
    /// @dev Lanes the nonce sequence fuzz test follows: the default, a small one, the widest one.
    uint128 private constant _WIDEST_LANE = type(uint128).max;

    /*//////////////////////////////////////////////////////////////
                                POST FOR
    //////////////////////////////////////////////////////////////*/

    /// @dev Any key, any lane with any history, any clock: accepted exactly when the deadline has
    ///      not passed, once, and consuming exactly its nonce.
    function testFuzz_PostFor(
        uint256 pk,
        uint40 deadline,
        uint128 lane,
        uint40 timestamp,
        uint8 priorCancels,
        uint256 contentSeed
    ) public {
        pk = bound(pk, 1, SECP256K1_ORDER - 1);
        vm.warp(bound(timestamp, 1, type(uint40).max));
        priorCancels = uint8(bound(priorCancels, 0, 3));
        bytes32 contentHash = keccak256(abi.encode(contentSeed));
        (address signer, uint256 profileId) = _registerSigner(pk);

        uint256 nonce = _cancelRepeatedly(signer, lane, priorCancels);

        IKithSignatures.SignedAuth memory auth =
            _auth(pk, _postHash(profileId, contentHash, nonce, deadline), nonce, deadline);
        bytes memory callData = abi.encodeCall(kith.postFor, (profileId, contentHash, URI, auth));

        if (deadline >= block.timestamp) {
            Vm.Log[] memory logs = _relayCall("valid", callData);
            uint256 postId = _expectedPostId(profileId, IKithPosts.PostKind.Post, 0, contentHash);
            assertEq(logs.length, 1, "events");
            _assertPostedLog(logs[0], postId, profileId, 0, IKithPosts.PostKind.Post, signer, contentHash, URI);
            assertEq(kith.nonces(signer, lane), nonce + 1, "nonce consumed");
            _assertCallRejected("replay", callData, _invalidNonce(signer, nonce + 1));
        } else {
            _assertCallRejected("expired", callData, _expired(deadline));
            assertEq(kith.nonces(signer, lane), nonce, "nonce kept");
        }
    }

    /// @dev Whoever else signs is refused, whether claiming to be the custody or signing as
    ///      themselves; the malleated twin of the genuine signature too. The genuine one still works.
    function testFuzz_PostFor_RevertWhen_WrongSigner(uint256 pk, uint256 wrongPk, uint128 lane) public {
        pk = bound(pk, 1, SECP256K1_ORDER - 1);
        wrongPk = bound(wrongPk, 1, SECP256K1_ORDER - 1);
        vm.assume(wrongPk != pk);
        (address signer, uint256 profileId) = _registerSigner(pk);
        address wrongSigner = vm.addr(wrongPk);
        watched.push(wrongSigner);

        uint256 nonce = kith.nonces(signer, lane);
        uint256 deadline = _deadline();
        bytes32 structHash = _postHash(profileId, CONTENT_HASH, nonce, deadline);
        IKithSignatures.SignedAuth memory genuine = _auth(pk, structHash, nonce, deadline);

        IKithSignatures.SignedAuth memory impostor = _auth(wrongPk, structHash, nonce, deadline);
        impostor.signer = signer;
        _assertCallRejected("impostor", _postCall(profileId, impostor), _invalidSignature());

        uint256 wrongNonce = kith.nonces(wrongSigner, lane);
        IKithSignatures.SignedAuth memory stranger = _auth(
            wrongPk, _postHash(profileId, CONTENT_HASH, wrongNonce, deadline), wrongNonce, deadline
        );
        _assertCallRejected("as itself", _postCall(profileId, stranger), _notAuthorized(profileId, wrongSigner));

        IKithSignatures.SignedAuth memory malleated = _auth(pk, structHash, nonce, deadline);
        malleated.signature = _malleate(genuine.signature);
        _assertCallRejected("high s", _postCall(profileId, malleated), _invalidSignature());

        assertEq(kith.nonces(signer, lane), nonce, "nonce kept through the refusals");
        _relayCall("genuine", _postCall(profileId, genuine));
    }

    /// @dev Any change to a signature's bytes, or to what it signed, voids it.
    function testFuzz_PostFor_RevertWhen_Tampered(uint256 byteIndex, uint8 xorMask, bytes32 otherContent) public {
        vm.assume(xorMask != 0);
        vm.assume(otherContent != CONTENT_HASH && otherContent != 0);
        uint256 nonce = kith.nonces(alice, 0);
        uint256 deadline = _deadline();
        IKithSignatures.SignedAuth memory genuine =
            _auth(alicePk, _postHash(aliceId, CONTENT_HASH, nonce, deadline), nonce, deadline);

        IKithSignatures.SignedAuth memory tampered = _auth(alicePk, _postHash(aliceId, CONTENT_HASH, nonce, deadline), nonce, deadline);
        byteIndex = bound(byteIndex, 0, 64);
        tampered.signature[byteIndex] = tampered.signature[byteIndex] ^ bytes1(xorMask);
        _assertCallRejected("tampered signature", _postCall(aliceId, tampered), _invalidSignature());

        bytes memory otherCall = abi.encodeCall(kith.postFor, (aliceId, otherContent, URI, genuine));
        _assertCallRejected("other content", otherCall, _invalidSignature());

        _relayCall("genuine", _postCall(aliceId, genuine));
    }

    /*//////////////////////////////////////////////////////////////
                                 NONCES
    //////////////////////////////////////////////////////////////*/

    /// @dev Any nonce but the current one of its lane is refused, naming the current one.
    function testFuzz_PostFor_RevertWhen_NonceNotCurrent(uint256 nonce, uint8 priorCancels) public {
        uint128 lane = uint128(nonce >> 64);
        priorCancels = uint8(bound(priorCancels, 0, 2));
        vm.startPrank(alice);
        for (uint256 i; i < priorCancels; ++i) {
            kith.cancelNonce(lane);
        }
        vm.stopPrank();
        uint256 current = kith.nonces(alice, lane);
        vm.assume(nonce != current);

        uint256 deadline = _deadline();
        IKithSignatures.SignedAuth memory auth =
            _auth(alicePk, _postHash(aliceId, CONTENT_HASH, nonce, deadline), nonce, deadline);
        _assertCallRejected("not current", _postCall(aliceId, auth), _invalidNonce(alice, current));
        assertEq(kith.nonces(alice, lane), current, "nonce kept");
    }

    /// @dev Two lanes, both signed before either is used, submitted in either order.
    function testFuzz_Lanes_IndependentInAnyOrder(uint128 laneA, uint128 laneB, bool aFirst) public {
        vm.assume(laneA != laneB);
        uint256 deadline = _deadline();
        uint256 nonceA = kith.nonces(alice, laneA);
        uint256 nonceB = kith.nonces(alice, laneB);
        bytes memory callA = _postCall(aliceId, _auth(alicePk, _postHash(aliceId, CONTENT_HASH, nonceA, deadline), nonceA, deadline));
        bytes memory callB = _postCall(aliceId, _auth(alicePk, _postHash(aliceId, CONTENT_HASH, nonceB, deadline), nonceB, deadline));

        _relayCall("first", aFirst ? callA : callB);
        _relayCall("second", aFirst ? callB : callA);
        assertEq(kith.nonces(alice, laneA), nonceA + 1, "lane A");
        assertEq(kith.nonces(alice, laneB), nonceB + 1, "lane B");
    }

    /// @dev A random sequence of signed posts, single cancellations and cancel-alls over four
    ///      lanes: a signed post moves its lane up by one, a cancel by 1 to 2**32 (the interface's
    ///      formula), both leaving the other lanes alone; a cancel-all moves every lane to a new
    ///      epoch, lane 0 keeping its sequence and the others starting at 0. Within an epoch no
    ///      nonce ever goes down.
    function testFuzz_Nonces_MoveOnlyAsDocumented(uint256 seed, uint128 randomLane) public {
        uint128[4] memory lanes = [uint128(0), 1, _WIDEST_LANE, randomLane];
        for (uint256 step; step < 24; ++step) {
            uint256 random = uint256(keccak256(abi.encode(seed, step)));
            uint256 laneIndex = random % lanes.length;
            uint128 lane = lanes[laneIndex];
            uint256 operation = (random >> 8) % 8; // 0-3 signed post, 4-6 cancel one, 7 cancel all

            uint256[4] memory before;
            uint256[4] memory expected;
            for (uint256 i; i < lanes.length; ++i) {
                before[i] = kith.nonces(alice, lanes[i]);
                // With a duplicate lane (randomLane in the fixed set) both entries move together.
                expected[i] = before[i];
            }

            if (operation == 7) {
                uint256 epoch = _epochAfterCancelAll(kith, alice);
                for (uint256 i; i < lanes.length; ++i) {
                    expected[i] = _firstNonceInEpoch(kith, alice, lanes[i], epoch);
                }
                vm.prank(alice);
                kith.cancelAllSignatures();
            } else if (operation >= 4) {
                uint256 next = _nonceAfterCancel(kith, alice, lane);
                for (uint256 i; i < lanes.length; ++i) {
                    if (lanes[i] == lane) expected[i] = next;
                }
                vm.prank(alice);
                kith.cancelNonce(lane);
            } else {
                uint256 deadline = _deadline();
                bytes32 content = keccak256(abi.encode(seed, step, "content"));
                bytes32 structHash = _postHash(aliceId, content, before[laneIndex], deadline);
                IKithSignatures.SignedAuth memory auth = _auth(alicePk, structHash, before[laneIndex], deadline);
                _relayCall("signed post", abi.encodeCall(kith.postFor, (aliceId, content, URI, auth)));
                for (uint256 i; i < lanes.length; ++i) {
                    if (lanes[i] == lane) expected[i] = before[i] + 1;
                }
            }

            for (uint256 i; i < lanes.length; ++i) {
                uint256 current = kith.nonces(alice, lanes[i]);
                assertEq(current, expected[i], "nonce");
                assertEq(uint128(current >> 64), lanes[i], "lane bits");
                if (operation == 7) {
                    assertNotEq(current >> 192, before[i] >> 192, "a cancel-all changes the epoch");
                } else {
                    assertGe(current, before[i], "within an epoch nonces never go down");
                    assertLe(current - before[i], 2 ** 32, "at most 2**32 per step");
                }
            }
        }
    }

    /// @dev A signature made in advance for any later epoch, in any lane and block, is refused
    ///      before the cancel-all and after it, changing nothing; the new nonce then works.
    function testFuzz_CancelAllSignatures_RevertWhen_PreSignedForFutureEpoch(
        uint64 epochOffset,
        uint128 lane,
        uint256 prevrandao,
        uint32 blockNumber,
        bool cancelledBefore
    ) public {
        epochOffset = uint64(bound(epochOffset, 1, type(uint64).max));
        vm.roll(bound(blockNumber, 1, type(uint32).max));
        vm.prevrandao(prevrandao);
        if (cancelledBefore) {
            vm.prank(alice);
            kith.cancelAllSignatures();
        }
        uint256 target = uint64((kith.nonces(alice, lane) >> 192) + epochOffset);
        uint256 nonce = _firstNonceInEpoch(kith, alice, lane, target);
        // The one case the design lets through, with probability 2**-64: the cancel-all draws it.
        vm.assume(_epochAfterCancelAll(kith, alice) != target);
        bytes memory callData = _signedPostCall(nonce);

        _assertCallRejected("before the cancel-all", callData, _invalidNonce(alice, kith.nonces(alice, lane)));
        vm.prank(alice);
        kith.cancelAllSignatures();
        _assertCallRejected("after the cancel-all", callData, _invalidNonce(alice, kith.nonces(alice, lane)));
        _relayCall("the new nonce", _signedPostCall(kith.nonces(alice, lane)));
    }

    /// @dev A signature made in advance for the current or any later sequence of a lane the cancel
    ///      can reach is refused after a cancel of that lane, changing nothing.
    function testFuzz_CancelNonce_RevertWhen_PreSignedAhead(
        uint128 lane,
        uint64 ahead,
        uint256 prevrandao,
        uint8 priorCancels
    ) public {
        vm.prevrandao(prevrandao);
        priorCancels = uint8(bound(priorCancels, 0, 2));
        for (uint256 i; i < priorCancels; ++i) {
            vm.prank(alice);
            kith.cancelNonce(lane);
        }
        uint256 presigned = kith.nonces(alice, lane) + bound(ahead, 0, 2 ** 32);
        uint256 next = _nonceAfterCancel(kith, alice, lane);
        // The one case the design lets through, with probability 2**-32: the jump lands on it.
        vm.assume(presigned != next);
        bytes memory callData = _signedPostCall(presigned);

        vm.prank(alice);
        kith.cancelNonce(lane);
        assertEq(kith.nonces(alice, lane), next, "moved to nextNonce");
        _assertCallRejected("after the cancel", callData, _invalidNonce(alice, next));
        _relayCall("the new nonce", _signedPostCall(next));
    }

    /*//////////////////////////////////////////////////////////////
                                HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev Registers a profile held by `pk`'s address (which may already hold alice's, say).
    function _registerSigner(uint256 pk) private returns (address signer, uint256 profileId) {
        signer = vm.addr(pk);
        vm.prank(signer);
        profileId = kith.register("fuzz_signer", address(0), 0);
        watched.push(signer);
    }

    function _postHash(uint256 profileId, bytes32 contentHash, uint256 nonce, uint256 deadline)
        private
        pure
        returns (bytes32)
    {
        return _structHash(POST_TYPE, abi.encode(profileId, contentHash, _hashString(URI)), nonce, deadline);
    }

    /// @dev `signer` cancels `lane`'s next nonce `times` times; each lands where the interface's
    ///      formula says, keeping epoch 0 and the lane. Returns the lane's nonce after.
    function _cancelRepeatedly(address signer, uint128 lane, uint256 times) private returns (uint256 nonce) {
        nonce = kith.nonces(signer, lane);
        assertEq(nonce, uint256(lane) << 64, "a fresh lane: epoch 0, the lane, sequence 0");
        for (uint256 i; i < times; ++i) {
            uint256 expected = _nonceAfterCancel(kith, signer, lane);
            vm.prank(signer);
            kith.cancelNonce(lane);
            nonce = kith.nonces(signer, lane);
            assertEq(nonce, expected, "nonce after a cancel");
        }
    }

    /// @dev alice's signed post of CONTENT_HASH over `nonce`, valid for an hour, as a relayer's call.
    function _signedPostCall(uint256 nonce) private view returns (bytes memory) {
        uint256 deadline = _deadline();
        return _postCall(aliceId, _auth(alicePk, _postHash(aliceId, CONTENT_HASH, nonce, deadline), nonce, deadline));
    }

    function _postCall(uint256 profileId, IKithSignatures.SignedAuth memory auth) private view returns (bytes memory) {
        return abi.encodeCall(kith.postFor, (profileId, CONTENT_HASH, URI, auth));
    }
}
