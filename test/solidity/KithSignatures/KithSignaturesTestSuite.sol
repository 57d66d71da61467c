// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {Vm} from "forge-std/Vm.sol";

import {Kith} from "../../../contracts/Kith.sol";
import {IKithPosts} from "../../../contracts/interfaces/IKithPosts.sol";
import {IKithProfiles} from "../../../contracts/interfaces/IKithProfiles.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {Scopes} from "../../../contracts/libraries/Scopes.sol";
import {KithSigningTestSuite} from "../KithSigningTestSuite.sol";
import {TypedData} from "../TypedData.sol";

/// @notice Setup and signing helpers for Kith's signed (`...For`) actions.
/// @dev Everything a signer signs is rebuilt here from the EIP-712 type strings, written out again
///      from the interface docs rather than read from the contract's `*_TYPEHASH` constants: a typo
///      in either place makes the signatures stop verifying, which is the point.
///      Every signed action of `Kith` has an entry in the action table (`_signedActions`), which
///      the generic rejection tests walk through, so no `...For` function escapes any of them
///      (`KithTips.tipTokenFor`, another contract, is tested in test/solidity/KithTips).
abstract contract KithSignaturesTestSuite is KithSigningTestSuite {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    // SECP256K1_ORDER (forge-std): private keys are 1..n-1, and s is "low" when s <= n/2.

    /// @dev ERC-6492: a wrapped signature ends with these 32 bytes.
    bytes32 internal constant ERC6492_SUFFIX = 0x6492649264926492649264926492649264926492649264926492649264926492;

    string internal constant REGISTER_TYPE =
        "Register(address custody,string handle,address recovery,bytes32 metadataHash,uint256 nonce,uint256 deadline)";
    string internal constant CHANGE_HANDLE_TYPE =
        "ChangeHandle(uint256 profileId,string handle,uint256 nonce,uint256 deadline)";
    string internal constant CHANGE_METADATA_TYPE =
        "ChangeMetadata(uint256 profileId,bytes32 metadataHash,uint256 nonce,uint256 deadline)";
    string internal constant OFFER_TRANSFER_TYPE =
        "OfferTransfer(uint256 profileId,address to,uint256 nonce,uint256 deadline)";
    string internal constant CANCEL_TRANSFER_TYPE = "CancelTransfer(uint256 profileId,uint256 nonce,uint256 deadline)";
    string internal constant ACCEPT_TRANSFER_TYPE = "AcceptTransfer(uint256 profileId,uint256 nonce,uint256 deadline)";
    string internal constant CHANGE_RECOVERY_TYPE =
        "ChangeRecovery(uint256 profileId,address recovery,uint256 nonce,uint256 deadline)";
    string internal constant RECOVER_TYPE = "Recover(uint256 profileId,address to,uint256 nonce,uint256 deadline)";
    string internal constant ADD_APP_KEY_TYPE =
        "AddAppKey(uint256 profileId,address key,uint256 scopes,uint256 expiry,uint256 nonce,uint256 deadline)";
    string internal constant REVOKE_APP_KEY_TYPE =
        "RevokeAppKey(uint256 profileId,address key,uint256 nonce,uint256 deadline)";
    string internal constant REVOKE_ALL_APP_KEYS_TYPE =
        "RevokeAllAppKeys(uint256 profileId,uint256 nonce,uint256 deadline)";
    string internal constant FOLLOW_TYPE = "Follow(uint256 followerId,uint256 followeeId,uint256 nonce,uint256 deadline)";
    string internal constant FOLLOW_BATCH_TYPE =
        "FollowBatch(uint256 followerId,uint256[] followeeIds,uint256 nonce,uint256 deadline)";
    string internal constant UNFOLLOW_TYPE =
        "Unfollow(uint256 followerId,uint256 followeeId,uint256 nonce,uint256 deadline)";
    string internal constant UNFOLLOW_BATCH_TYPE =
        "UnfollowBatch(uint256 followerId,uint256[] followeeIds,uint256 nonce,uint256 deadline)";
    string internal constant BLOCK_TYPE = "Block(uint256 blockerId,uint256 blockedId,uint256 nonce,uint256 deadline)";
    string internal constant BLOCK_BATCH_TYPE =
        "BlockBatch(uint256 blockerId,uint256[] blockedIds,uint256 nonce,uint256 deadline)";
    string internal constant UNBLOCK_TYPE = "Unblock(uint256 blockerId,uint256 blockedId,uint256 nonce,uint256 deadline)";
    string internal constant POST_TYPE =
        "Post(uint256 profileId,bytes32 contentHash,string uri,uint256 nonce,uint256 deadline)";
    string internal constant REPLY_TYPE =
        "Reply(uint256 profileId,uint256 parentId,bytes32 contentHash,string uri,uint256 nonce,uint256 deadline)";
    string internal constant QUOTE_TYPE =
        "Quote(uint256 profileId,uint256 quotedId,bytes32 contentHash,string uri,uint256 nonce,uint256 deadline)";
    string internal constant REPOST_TYPE = "Repost(uint256 profileId,uint256 repostedId,uint256 nonce,uint256 deadline)";
    string internal constant DELETE_POST_TYPE =
        "DeletePost(uint256 profileId,uint256 postId,uint256 nonce,uint256 deadline)";

    bytes32 internal constant NEW_METADATA_HASH = keccak256("kith profile metadata v2");
    bytes32 internal constant REPLY_HASH = keccak256("reply");
    bytes32 internal constant QUOTE_HASH = keccak256("quote");

    /// @dev A lane other than the default 0, used where a test needs "some app's own lane".
    uint128 internal constant OTHER_LANE = 0xA99;

    /// @dev What the app key of the action table may do.
    uint256 internal constant APP_KEY_SCOPES = Scopes.POST | Scopes.FOLLOW;

    /*//////////////////////////////////////////////////////////////
                                 STRUCTS
    //////////////////////////////////////////////////////////////*/

    /// @dev One signed action with fixed arguments, as a relayer would submit it.
    struct SignedAction {
        string name;
        /// @dev The key that may sign it: the custody, or for registration the new custody, for
        ///      accepting a transfer the address offered to, for recovery the recovery address.
        uint256 signerKey;
        /// @dev Puts `kith` in the state the action needs (a pending offer, an existing follow...).
        function() internal prepare;
        /// @dev The struct hash to sign for `auth` (its nonce and deadline), and the relayer's call.
        function(IKithSignatures.SignedAuth memory) internal view returns (bytes32, bytes memory) encode;
        /// @dev The revert when mallory, who holds no role, signs the action as herself.
        bytes strangerError;
    }

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    uint256 internal bobPk;
    uint256 internal carolPk;
    uint256 internal davePk;
    uint256 internal guardianPk;

    /// @dev bob's post (the target of replies, quotes and reposts) and alice's (deleted by the table).
    uint256 internal bobPostId;
    uint256 internal alicePostId;

    uint256 internal appKeyExpiry;

    /// @dev Addresses whose nonces and code `_stateDigest` covers (tests add their wallets).
    address[] internal watched;

    /*//////////////////////////////////////////////////////////////
                                  SETUP
    //////////////////////////////////////////////////////////////*/

    function setUp() public virtual override {
        super.setUp();
        (, bobPk) = makeAddrAndKey("bob");
        (, carolPk) = makeAddrAndKey("carol");
        (, davePk) = makeAddrAndKey("dave");
        (, guardianPk) = makeAddrAndKey("guardian");
        appKeyExpiry = START_TIME + 30 days;

        // alice's profile has `guardian` as recovery; bob's and carol's have none.
        aliceId = _register(alice, "alice", guardian);
        bobId = _register(bob, "bob");
        carolId = _register(carol, "carol");
        bobPostId = _expectedPostId(bobId, IKithPosts.PostKind.Post, 0, CONTENT_HASH);
        alicePostId = _expectedPostId(aliceId, IKithPosts.PostKind.Post, 0, CONTENT_HASH);

        address[9] memory actors = [alice, bob, carol, dave, guardian, mallory, appKey, relayer, address(0)];
        for (uint256 i; i < actors.length; ++i) {
            watched.push(actors[i]);
        }
    }

    /*//////////////////////////////////////////////////////////////
                             EIP-712 HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev The digest of `structHash` in the domain `target` reports through ERC-5267.
    function _digest(Kith target, bytes32 structHash) internal view returns (bytes32) {
        return TypedData.digest(TypedData.domainSeparator(IERC5267(address(target))), structHash);
    }

    /// @dev `pk`'s 65-byte signature (r, s, v) over `structHash` in `kith`'s domain.
    function _sign(uint256 pk, bytes32 structHash) internal view returns (bytes memory) {
        return _sign(kith, pk, structHash);
    }

    /// @dev `pk`'s signature over `structHash` in the domain of `target` (another deployment).
    function _sign(Kith target, uint256 pk, bytes32 structHash) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, _digest(target, structHash));
        return abi.encodePacked(r, s, v);
    }

    /// @dev A SignedAuth by `pk` over `structHash`, which must already commit to `nonce` and `deadline`.
    function _auth(uint256 pk, bytes32 structHash, uint256 nonce, uint256 deadline)
        internal
        view
        returns (IKithSignatures.SignedAuth memory)
    {
        return IKithSignatures.SignedAuth({
            signer: vm.addr(pk), nonce: nonce, deadline: deadline, signature: _sign(pk, structHash)
        });
    }

    /// @dev EIP-712 `hashStruct` for a type whose members are all 32-byte words once strings and
    ///      arrays are hashed (true of every Kith type): `fields` is their abi.encode, nonce and
    ///      deadline last.
    function _structHash(string memory typeString, bytes memory fields, uint256 nonce, uint256 deadline)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encodePacked(keccak256(bytes(typeString)), fields, nonce, deadline));
    }

    function _structHash(string memory typeString, bytes memory fields, IKithSignatures.SignedAuth memory auth)
        internal
        pure
        returns (bytes32)
    {
        return _structHash(typeString, fields, auth.nonce, auth.deadline);
    }

    /// @dev EIP-712 encoding of `string` and `uint256[]` members.
    function _hashString(string memory value) internal pure returns (bytes32) {
        return keccak256(bytes(value));
    }

    function _hashIds(uint256[] memory ids) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(ids));
    }

    function _deadline() internal view returns (uint256) {
        return block.timestamp + 1 hours;
    }

    /// @dev The same signature with s replaced by n - s and v flipped: ecrecover still returns the
    ///      signer, so only a low-s rule can reject it.
    function _malleate(bytes memory signature) internal pure returns (bytes memory) {
        (bytes32 r, bytes32 s, uint8 v) = _split(signature);
        return abi.encodePacked(r, bytes32(SECP256K1_ORDER - uint256(s)), v == 27 ? uint8(28) : uint8(27));
    }

    function _split(bytes memory signature) internal pure returns (bytes32 r, bytes32 s, uint8 v) {
        require(signature.length == 65, "not a 65-byte signature");
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
    }

    /// @dev `innerSignature` wrapped for a wallet `factory` has not deployed yet (ERC-6492).
    function _wrap6492(address factory, bytes memory factoryCalldata, bytes memory innerSignature)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(abi.encode(factory, factoryCalldata, innerSignature), ERC6492_SUFFIX);
    }

    /*//////////////////////////////////////////////////////////////
                           SIGNED ACTION HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev `a` signed by its own signer, at the signer's next lane-0 nonce, valid for an hour.
    function _signAction(SignedAction memory a) internal view returns (IKithSignatures.SignedAuth memory) {
        return _signAction(a, a.signerKey, 0);
    }

    /// @dev `a` signed by `signerKey` as itself, at its next nonce in `lane`, valid for an hour.
    function _signAction(SignedAction memory a, uint256 signerKey, uint128 lane)
        internal
        view
        returns (IKithSignatures.SignedAuth memory)
    {
        return _signAction(a, signerKey, kith.nonces(vm.addr(signerKey), lane), _deadline(), kith);
    }

    /// @dev `a` signed by `signerKey` as itself, over `nonce` and `deadline`, in `domain`'s domain.
    function _signAction(SignedAction memory a, uint256 signerKey, uint256 nonce, uint256 deadline, Kith domain)
        internal
        view
        returns (IKithSignatures.SignedAuth memory auth)
    {
        auth = IKithSignatures.SignedAuth({signer: vm.addr(signerKey), nonce: nonce, deadline: deadline, signature: ""});
        (bytes32 structHash,) = a.encode(auth);
        auth.signature = _sign(domain, signerKey, structHash);
    }

    /// @dev The digest `kith` checks for `a` under `auth`.
    function _actionDigest(SignedAction memory a, IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32)
    {
        (bytes32 structHash,) = a.encode(auth);
        return _digest(kith, structHash);
    }

    /// @dev Signs `a` with its signer's next nonce, relays it from `relayer` and checks that exactly
    ///      that nonce was consumed. Returns the events. (Run `a.prepare()` first when it needs it.)
    function _relaySigned(SignedAction memory a) internal returns (Vm.Log[] memory logs) {
        IKithSignatures.SignedAuth memory auth = _signAction(a);
        logs = _relay(a, auth);
        assertEq(kith.nonces(auth.signer, 0), auth.nonce + 1, string.concat(a.name, ": nonce consumed"));
    }

    /// @dev Relays `a` with `auth` from `relayer`; fails the test with the revert data if it reverts.
    function _relay(SignedAction memory a, IKithSignatures.SignedAuth memory auth)
        internal
        returns (Vm.Log[] memory logs)
    {
        (, bytes memory callData) = a.encode(auth);
        return _relayCall(a.name, callData);
    }

    function _relayCall(string memory label, bytes memory callData) internal returns (Vm.Log[] memory logs) {
        logs = _relayCallAnyEmitter(label, callData);
        assertGt(logs.length, 0, string.concat(label, ": no event"));
    }

    /// @dev Like `_relayCall` without the event check, for calls where other contracts (a factory)
    ///      emit too.
    function _relayCallAnyEmitter(string memory label, bytes memory callData) internal returns (Vm.Log[] memory logs) {
        _startRecordingLogs();
        vm.prank(relayer);
        (bool ok, bytes memory returned) = address(kith).call(callData);
        assertTrue(ok, string.concat(label, ": reverted with ", vm.toString(returned)));
        logs = vm.getRecordedLogs();
    }

    /// @dev Relays `a` with `auth` and asserts it reverts with exactly `expectedError`, emitting
    ///      nothing and changing nothing (profiles, graph, app keys, nonces, wallet code).
    function _assertRejected(
        SignedAction memory a,
        IKithSignatures.SignedAuth memory auth,
        bytes memory expectedError
    ) internal {
        (, bytes memory callData) = a.encode(auth);
        _assertCallRejected(a.name, callData, expectedError);
    }

    function _assertCallRejected(string memory label, bytes memory callData, bytes memory expectedError) internal {
        bytes32 stateBefore = _stateDigest();
        _startRecordingLogs();
        vm.prank(relayer);
        (bool ok, bytes memory returned) = address(kith).call(callData);
        assertFalse(ok, string.concat(label, ": accepted"));
        assertEq(returned, expectedError, string.concat(label, ": revert data"));
        assertEq(_countKithLogs(vm.getRecordedLogs()), 0, string.concat(label, ": emitted events"));
        assertEq(_stateDigest(), stateBefore, string.concat(label, ": changed state"));
    }

    /// @dev `vm.recordLogs` also sees events of frames that reverted later (an ERC-6492 factory's
    ///      inside a refused call), so counting Kith's events only is the meaningful check, and a
    ///      strict one: a refused call must not even reach an `emit` of Kith.
    function _countKithLogs(Vm.Log[] memory logs) internal view returns (uint256 count) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(kith)) ++count;
        }
    }

    /// @dev Starts recording with an empty buffer, whatever earlier helpers recorded.
    function _startRecordingLogs() internal {
        vm.recordLogs();
        vm.getRecordedLogs();
    }

    /// @dev Everything a user could observe through Kith's views, hashed: profiles (custody,
    ///      pending custody, recovery, handle, the app key's record), the follow and block matrix,
    ///      and the nonces (lanes 0 and OTHER_LANE) and code of every watched address.
    function _stateDigest() internal view returns (bytes32 digest) {
        uint256 count = kith.profileCount();
        digest = keccak256(abi.encode(count));
        for (uint256 id = 1; id <= count + 1; ++id) {
            (uint256 scopes, uint256 expiry, bool active) = kith.appKeyOf(id, appKey);
            digest = keccak256(
                abi.encode(
                    digest,
                    kith.custodyOf(id),
                    kith.pendingCustodyOf(id),
                    kith.recoveryOf(id),
                    kith.handleOf(id),
                    scopes,
                    expiry,
                    active
                )
            );
            for (uint256 other = 1; other <= count + 1; ++other) {
                digest = keccak256(abi.encode(digest, kith.isFollowing(id, other), kith.isBlocking(id, other)));
            }
        }
        for (uint256 i; i < watched.length; ++i) {
            address account = watched[i];
            digest = keccak256(
                abi.encode(digest, kith.nonces(account, 0), kith.nonces(account, OTHER_LANE), account.codehash)
            );
        }
    }

    /*//////////////////////////////////////////////////////////////
                             NONCE STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev Sets `signer`'s epoch, keeping lane 0's sequence: what a later cancel-all drawing that
    ///      epoch (probability 2**-64) would do.
    function _storeEpoch(address signer, uint256 epoch) internal {
        uint256 laneZero = kith.nonces(signer, 0);
        vm.store(address(kith), _signerStateSlot(signer), bytes32((epoch << 64) | uint64(laneZero)));
        assertEq(kith.nonces(signer, 0) >> 192, epoch, "stored epoch");
    }

    /// @dev Sets the sequence of `signer`'s `lane` in the current epoch, as about 2**31 cancels would.
    function _storeSequence(address signer, uint128 lane, uint64 sequence) internal {
        uint256 nonce = kith.nonces(signer, lane);
        if (lane == 0) {
            vm.store(address(kith), _signerStateSlot(signer), bytes32(((nonce >> 192) << 64) | sequence));
        } else {
            vm.store(address(kith), _laneSequenceSlot(signer, lane), bytes32(uint256(sequence)));
        }
        assertEq(kith.nonces(signer, lane), ((nonce >> 64) << 64) | sequence, "stored sequence");
    }

    /// @dev The slot of `signer`'s packed state (epoch above lane 0's sequence), found rather than
    ///      hard-coded: the one mapping entry of `signer` that holds what `nonces()` reports. The
    ///      state must not be zero (have the signer use or cancel a nonce first).
    function _signerStateSlot(address signer) private view returns (bytes32 slot) {
        uint256 laneZero = kith.nonces(signer, 0);
        bytes32 state = bytes32(((laneZero >> 192) << 64) | uint64(laneZero));
        require(state != 0, "the signer's state is zero: nothing to find");
        for (uint256 mappingSlot; mappingSlot < 64; ++mappingSlot) {
            slot = keccak256(abi.encode(signer, mappingSlot));
            if (vm.load(address(kith), slot) == state) return slot;
        }
        revert("no slot holds the signer's state");
    }

    /// @dev The slot of the sequence of `signer`'s `lane` (not 0) in the current epoch, found the same
    ///      way (nested mapping: signer, then `epoch << 128 | lane`); the sequence must not be zero.
    function _laneSequenceSlot(address signer, uint128 lane) private view returns (bytes32 slot) {
        uint256 nonce = kith.nonces(signer, lane);
        require(uint64(nonce) != 0, "the lane's sequence is zero: nothing to find");
        uint192 key = uint192(nonce >> 64);
        for (uint256 mappingSlot; mappingSlot < 64; ++mappingSlot) {
            slot = keccak256(abi.encode(key, keccak256(abi.encode(signer, mappingSlot))));
            if (uint256(vm.load(address(kith), slot)) == uint64(nonce)) return slot;
        }
        revert("no slot holds the lane's sequence");
    }

    /*//////////////////////////////////////////////////////////////
                              ACTION TABLE
    //////////////////////////////////////////////////////////////*/

    /// @dev Every `...For` function of Kith, once each, in interface order.
    function _signedActions() internal view returns (SignedAction[] memory actions) {
        actions = new SignedAction[](25);
        actions[0] = _registerForAction();
        actions[1] = _changeHandleForAction();
        actions[2] = _changeMetadataForAction();
        actions[3] = _offerTransferForAction();
        actions[4] = _cancelTransferForAction();
        actions[5] = _acceptTransferForAction();
        actions[6] = _changeRecoveryForAction();
        actions[7] = _recoverForAction();
        actions[8] = _addAppKeyForAction();
        actions[9] = _revokeAppKeyForAction();
        actions[10] = _revokeAllAppKeysForAction();
        actions[11] = _followForAction();
        actions[12] = _followBatchForAction();
        actions[13] = _unfollowForAction();
        actions[14] = _unfollowBatchForAction();
        actions[15] = _blockProfileForAction();
        actions[16] = _blockBatchForAction();
        actions[17] = _unblockProfileForAction();
        actions[18] = _postForAction();
        actions[19] = _replyForAction();
        actions[20] = _quoteForAction();
        actions[21] = _repostForAction();
        actions[22] = _deletePostForAction();
        actions[23] = _likeForAction();
        actions[24] = _unlikeForAction();
    }

    /// @dev dave registers "dave" with guardian as recovery (he becomes profile 4).
    function _registerForAction() internal view returns (SignedAction memory) {
        return SignedAction("registerFor", davePk, _nothing, _encodeRegisterFor, _invalidSignature());
    }

    function _changeHandleForAction() internal view returns (SignedAction memory) {
        return SignedAction("changeHandleFor", alicePk, _nothing, _encodeChangeHandleFor, _strangerNotAuthorized());
    }

    function _changeMetadataForAction() internal view returns (SignedAction memory) {
        return SignedAction("changeMetadataFor", alicePk, _nothing, _encodeChangeMetadataFor, _strangerNotAuthorized());
    }

    /// @dev alice offers her profile to bob.
    function _offerTransferForAction() internal view returns (SignedAction memory) {
        return SignedAction("offerTransferFor", alicePk, _nothing, _encodeOfferTransferFor, _strangerNotAuthorized());
    }

    function _cancelTransferForAction() internal view returns (SignedAction memory) {
        return SignedAction(
            "cancelTransferFor", alicePk, _offerAliceToBob, _encodeCancelTransferFor, _strangerNotAuthorized()
        );
    }

    /// @dev bob accepts alice's offer.
    function _acceptTransferForAction() internal view returns (SignedAction memory) {
        return SignedAction(
            "acceptTransferFor",
            bobPk,
            _offerAliceToBob,
            _encodeAcceptTransferFor,
            abi.encodeWithSelector(IKithProfiles.NoPendingTransfer.selector, aliceId, mallory)
        );
    }

    /// @dev alice makes carol her recovery address.
    function _changeRecoveryForAction() internal view returns (SignedAction memory) {
        return SignedAction("changeRecoveryFor", alicePk, _nothing, _encodeChangeRecoveryFor, _strangerNotAuthorized());
    }

    /// @dev guardian moves alice's profile to dave.
    function _recoverForAction() internal view returns (SignedAction memory) {
        return SignedAction(
            "recoverFor",
            guardianPk,
            _nothing,
            _encodeRecoverFor,
            abi.encodeWithSelector(IKithProfiles.NotRecovery.selector, aliceId, mallory)
        );
    }

    function _addAppKeyForAction() internal view returns (SignedAction memory) {
        return SignedAction("addAppKeyFor", alicePk, _nothing, _encodeAddAppKeyFor, _strangerNotAuthorized());
    }

    function _revokeAppKeyForAction() internal view returns (SignedAction memory) {
        return SignedAction(
            "revokeAppKeyFor", alicePk, _addAliceAppKey, _encodeRevokeAppKeyFor, _strangerNotAuthorized()
        );
    }

    function _revokeAllAppKeysForAction() internal view returns (SignedAction memory) {
        return SignedAction(
            "revokeAllAppKeysFor", alicePk, _addAliceAppKey, _encodeRevokeAllAppKeysFor, _strangerNotAuthorized()
        );
    }

    function _followForAction() internal view returns (SignedAction memory) {
        return SignedAction("followFor", alicePk, _nothing, _encodeFollowFor, _strangerNotAuthorized());
    }

    function _followBatchForAction() internal view returns (SignedAction memory) {
        return SignedAction("followBatchFor", alicePk, _nothing, _encodeFollowBatchFor, _strangerNotAuthorized());
    }

    function _unfollowForAction() internal view returns (SignedAction memory) {
        return SignedAction("unfollowFor", alicePk, _aliceFollowsBob, _encodeUnfollowFor, _strangerNotAuthorized());
    }

    function _unfollowBatchForAction() internal view returns (SignedAction memory) {
        return SignedAction(
            "unfollowBatchFor", alicePk, _aliceFollowsBobAndCarol, _encodeUnfollowBatchFor, _strangerNotAuthorized()
        );
    }

    /// @dev alice blocks bob while they follow each other: the block cuts both follows.
    function _blockProfileForAction() internal view returns (SignedAction memory) {
        return SignedAction(
            "blockProfileFor", alicePk, _aliceAndBobFollowEachOther, _encodeBlockProfileFor, _strangerNotAuthorized()
        );
    }

    /// @dev alice blocks bob and carol; carol follows alice, so her follow is cut.
    function _blockBatchForAction() internal view returns (SignedAction memory) {
        return SignedAction(
            "blockBatchFor", alicePk, _carolFollowsAlice, _encodeBlockBatchFor, _strangerNotAuthorized()
        );
    }

    function _unblockProfileForAction() internal view returns (SignedAction memory) {
        return SignedAction(
            "unblockProfileFor", alicePk, _aliceBlocksBob, _encodeUnblockProfileFor, _strangerNotAuthorized()
        );
    }

    function _postForAction() internal view returns (SignedAction memory) {
        return SignedAction("postFor", alicePk, _nothing, _encodePostFor, _strangerNotAuthorized());
    }

    /// @dev alice replies to bob's post (as do the quote and the repost below).
    function _replyForAction() internal view returns (SignedAction memory) {
        return SignedAction("replyFor", alicePk, _bobPosts, _encodeReplyFor, _strangerNotAuthorized());
    }

    function _quoteForAction() internal view returns (SignedAction memory) {
        return SignedAction("quoteFor", alicePk, _bobPosts, _encodeQuoteFor, _strangerNotAuthorized());
    }

    function _repostForAction() internal view returns (SignedAction memory) {
        return SignedAction("repostFor", alicePk, _bobPosts, _encodeRepostFor, _strangerNotAuthorized());
    }

    function _deletePostForAction() internal view returns (SignedAction memory) {
        return SignedAction("deletePostFor", alicePk, _alicePosts, _encodeDeletePostFor, _strangerNotAuthorized());
    }

    /// @dev alice likes bob's post.
    function _likeForAction() internal view returns (SignedAction memory) {
        return SignedAction("likeFor", alicePk, _bobPosts, _encodeLikeFor, _strangerNotAuthorized());
    }

    function _unlikeForAction() internal view returns (SignedAction memory) {
        return SignedAction("unlikeFor", alicePk, _aliceLikesBobsPost, _encodeUnlikeFor, _strangerNotAuthorized());
    }

    function _strangerNotAuthorized() internal view returns (bytes memory) {
        return _notAuthorized(aliceId, mallory);
    }

    /*//////////////////////////////////////////////////////////////
                            ACTION ENCODINGS
    //////////////////////////////////////////////////////////////*/

    function _encodeRegisterFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(REGISTER_TYPE, abi.encode(dave, _hashString("dave"), guardian, METADATA_HASH), auth),
            abi.encodeCall(kith.registerFor, (dave, "dave", guardian, METADATA_HASH, auth))
        );
    }

    function _encodeChangeHandleFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(CHANGE_HANDLE_TYPE, abi.encode(aliceId, _hashString("alice_new")), auth),
            abi.encodeCall(kith.changeHandleFor, (aliceId, "alice_new", auth))
        );
    }

    function _encodeChangeMetadataFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(CHANGE_METADATA_TYPE, abi.encode(aliceId, NEW_METADATA_HASH), auth),
            abi.encodeCall(kith.changeMetadataFor, (aliceId, NEW_METADATA_HASH, auth))
        );
    }

    function _encodeOfferTransferFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(OFFER_TRANSFER_TYPE, abi.encode(aliceId, bob), auth),
            abi.encodeCall(kith.offerTransferFor, (aliceId, bob, auth))
        );
    }

    function _encodeCancelTransferFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(CANCEL_TRANSFER_TYPE, abi.encode(aliceId), auth),
            abi.encodeCall(kith.cancelTransferFor, (aliceId, auth))
        );
    }

    function _encodeAcceptTransferFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(ACCEPT_TRANSFER_TYPE, abi.encode(aliceId), auth),
            abi.encodeCall(kith.acceptTransferFor, (aliceId, auth))
        );
    }

    function _encodeChangeRecoveryFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(CHANGE_RECOVERY_TYPE, abi.encode(aliceId, carol), auth),
            abi.encodeCall(kith.changeRecoveryFor, (aliceId, carol, auth))
        );
    }

    function _encodeRecoverFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(RECOVER_TYPE, abi.encode(aliceId, dave), auth),
            abi.encodeCall(kith.recoverFor, (aliceId, dave, auth))
        );
    }

    function _encodeAddAppKeyFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(ADD_APP_KEY_TYPE, abi.encode(aliceId, appKey, APP_KEY_SCOPES, appKeyExpiry), auth),
            abi.encodeCall(kith.addAppKeyFor, (aliceId, appKey, APP_KEY_SCOPES, appKeyExpiry, auth))
        );
    }

    function _encodeRevokeAppKeyFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(REVOKE_APP_KEY_TYPE, abi.encode(aliceId, appKey), auth),
            abi.encodeCall(kith.revokeAppKeyFor, (aliceId, appKey, auth))
        );
    }

    function _encodeRevokeAllAppKeysFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(REVOKE_ALL_APP_KEYS_TYPE, abi.encode(aliceId), auth),
            abi.encodeCall(kith.revokeAllAppKeysFor, (aliceId, auth))
        );
    }

    function _encodeFollowFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(FOLLOW_TYPE, abi.encode(aliceId, bobId), auth),
            abi.encodeCall(kith.followFor, (aliceId, bobId, auth))
        );
    }

    function _encodeFollowBatchFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        uint256[] memory ids = _ids(bobId, carolId);
        return (
            _structHash(FOLLOW_BATCH_TYPE, abi.encode(aliceId, _hashIds(ids)), auth),
            abi.encodeCall(kith.followBatchFor, (aliceId, ids, auth))
        );
    }

    function _encodeUnfollowFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(UNFOLLOW_TYPE, abi.encode(aliceId, bobId), auth),
            abi.encodeCall(kith.unfollowFor, (aliceId, bobId, auth))
        );
    }

    function _encodeUnfollowBatchFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        uint256[] memory ids = _ids(bobId, carolId);
        return (
            _structHash(UNFOLLOW_BATCH_TYPE, abi.encode(aliceId, _hashIds(ids)), auth),
            abi.encodeCall(kith.unfollowBatchFor, (aliceId, ids, auth))
        );
    }

    function _encodeBlockProfileFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(BLOCK_TYPE, abi.encode(aliceId, bobId), auth),
            abi.encodeCall(kith.blockProfileFor, (aliceId, bobId, auth))
        );
    }

    function _encodeBlockBatchFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        uint256[] memory ids = _ids(bobId, carolId);
        return (
            _structHash(BLOCK_BATCH_TYPE, abi.encode(aliceId, _hashIds(ids)), auth),
            abi.encodeCall(kith.blockBatchFor, (aliceId, ids, auth))
        );
    }

    function _encodeUnblockProfileFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(UNBLOCK_TYPE, abi.encode(aliceId, bobId), auth),
            abi.encodeCall(kith.unblockProfileFor, (aliceId, bobId, auth))
        );
    }

    function _encodePostFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(POST_TYPE, abi.encode(aliceId, CONTENT_HASH, _hashString(URI)), auth),
            abi.encodeCall(kith.postFor, (aliceId, CONTENT_HASH, URI, auth))
        );
    }

    function _encodeReplyFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(REPLY_TYPE, abi.encode(aliceId, bobPostId, REPLY_HASH, _hashString(URI)), auth),
            abi.encodeCall(kith.replyFor, (aliceId, bobPostId, REPLY_HASH, URI, auth))
        );
    }

    function _encodeQuoteFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(QUOTE_TYPE, abi.encode(aliceId, bobPostId, QUOTE_HASH, _hashString(URI)), auth),
            abi.encodeCall(kith.quoteFor, (aliceId, bobPostId, QUOTE_HASH, URI, auth))
        );
    }

    function _encodeRepostFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(REPOST_TYPE, abi.encode(aliceId, bobPostId), auth),
            abi.encodeCall(kith.repostFor, (aliceId, bobPostId, auth))
        );
    }

    function _encodeDeletePostFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(DELETE_POST_TYPE, abi.encode(aliceId, alicePostId), auth),
            abi.encodeCall(kith.deletePostFor, (aliceId, alicePostId, auth))
        );
    }

    function _encodeLikeFor(IKithSignatures.SignedAuth memory auth) internal view returns (bytes32, bytes memory) {
        return (
            _structHash(LIKE_TYPE, abi.encode(aliceId, bobPostId), auth),
            abi.encodeCall(kith.likeFor, (aliceId, bobPostId, auth))
        );
    }

    function _encodeUnlikeFor(IKithSignatures.SignedAuth memory auth)
        internal
        view
        returns (bytes32, bytes memory)
    {
        return (
            _structHash(UNLIKE_TYPE, abi.encode(aliceId, bobPostId), auth),
            abi.encodeCall(kith.unlikeFor, (aliceId, bobPostId, auth))
        );
    }

    /*//////////////////////////////////////////////////////////////
                              PRECONDITIONS
    //////////////////////////////////////////////////////////////*/

    function _nothing() internal {}

    function _offerAliceToBob() internal {
        vm.prank(alice);
        kith.offerTransfer(aliceId, bob);
    }

    function _addAliceAppKey() internal {
        vm.prank(alice);
        kith.addAppKey(aliceId, appKey, APP_KEY_SCOPES, appKeyExpiry);
    }

    function _aliceFollowsBob() internal {
        _follow(aliceId, bobId);
    }

    function _aliceFollowsBobAndCarol() internal {
        _follow(aliceId, bobId);
        _follow(aliceId, carolId);
    }

    function _aliceAndBobFollowEachOther() internal {
        _follow(aliceId, bobId);
        _follow(bobId, aliceId);
    }

    function _carolFollowsAlice() internal {
        _follow(carolId, aliceId);
    }

    function _aliceBlocksBob() internal {
        _block(aliceId, bobId);
    }

    function _bobPosts() internal {
        assertEq(_post(bobId, CONTENT_HASH), bobPostId, "bob's post id");
    }

    function _aliceLikesBobsPost() internal {
        _bobPosts();
        vm.prank(alice);
        kith.like(aliceId, bobPostId);
    }

    function _alicePosts() internal {
        assertEq(_post(aliceId, CONTENT_HASH), alicePostId, "alice's post id");
    }

    /*//////////////////////////////////////////////////////////////
                               LOG HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev Asserts that `log` is a `kith` event with exactly these topics and data.
    function _assertLog(Vm.Log memory log, bytes32[] memory topics, bytes memory data) internal view {
        assertEq(log.emitter, address(kith), "emitter");
        assertEq(log.topics, topics, "topics");
        assertEq(log.data, data, "data");
    }

    /// @dev `kith` event `topic0` with one indexed argument and `data`.
    function _assertLog(Vm.Log memory log, bytes32 topic0, uint256 topic1, bytes memory data) internal view {
        _assertLog(log, _topics(topic0, bytes32(topic1)), data);
    }

    function _assertPostedLog(
        Vm.Log memory log,
        uint256 postId,
        uint256 profileId,
        uint256 targetId,
        IKithPosts.PostKind kind,
        address actor,
        bytes32 contentHash,
        string memory uri
    ) internal view {
        _assertLog(
            log,
            _topics(IKithPosts.Posted.selector, bytes32(postId), bytes32(profileId), bytes32(targetId)),
            abi.encode(kind, actor, contentHash, uri)
        );
    }

    function _topics(bytes32 a, bytes32 b) internal pure returns (bytes32[] memory topics) {
        topics = new bytes32[](2);
        (topics[0], topics[1]) = (a, b);
    }

    function _topics(bytes32 a, bytes32 b, bytes32 c) internal pure returns (bytes32[] memory topics) {
        topics = new bytes32[](3);
        (topics[0], topics[1], topics[2]) = (a, b, c);
    }

    function _topics(bytes32 a, bytes32 b, bytes32 c, bytes32 d) internal pure returns (bytes32[] memory topics) {
        topics = new bytes32[](4);
        (topics[0], topics[1], topics[2], topics[3]) = (a, b, c, d);
    }

    function _addressTopic(address account) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(account)));
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    function _invalidSignature() internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithSignatures.InvalidSignature.selector);
    }

    function _invalidNonce(address account, uint256 currentNonce) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithSignatures.InvalidAccountNonce.selector, account, currentNonce);
    }

    function _expired(uint256 deadline) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithSignatures.SignatureExpired.selector, deadline);
    }

    function _notAuthorized(uint256 profileId, address caller) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, profileId, caller);
    }
}
