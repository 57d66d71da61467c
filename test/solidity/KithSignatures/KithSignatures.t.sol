// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {Kith} from "../../../contracts/Kith.sol";
import {IKithAppKeys} from "../../../contracts/interfaces/IKithAppKeys.sol";
import {IKithGraph} from "../../../contracts/interfaces/IKithGraph.sol";
import {IKithPosts} from "../../../contracts/interfaces/IKithPosts.sol";
import {IKithProfiles} from "../../../contracts/interfaces/IKithProfiles.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {KithSignaturesTestSuite} from "./KithSignaturesTestSuite.sol";

/// @notice Signed actions by EOAs: one relayed success per `...For` function with its exact events
///         and state, then every way a signature must be refused, checked against every `...For`
///         function through the action table, then the keyed nonces themselves.
contract KithSignaturesTest is KithSignaturesTestSuite {
    /*//////////////////////////////////////////////////////////////
                          DOMAIN AND TYPEHASHES
    //////////////////////////////////////////////////////////////*/

    function test_Domain_ReportsKithVersion1OnThisChainAndContract() public view {
        (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        ) = kith.eip712Domain();
        assertEq(fields, hex"0f", "name, version, chainId, verifyingContract");
        assertEq(name, "Kith");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifyingContract, address(kith));
        assertEq(salt, bytes32(0));
        assertEq(extensions.length, 0);
    }

    /// @dev The contract's constants against the type strings the SDK and this suite sign.
    function test_Typehashes_MatchTypeStrings() public view {
        assertEq(kith.REGISTER_TYPEHASH(), keccak256(bytes(REGISTER_TYPE)), "Register");
        assertEq(kith.CHANGE_HANDLE_TYPEHASH(), keccak256(bytes(CHANGE_HANDLE_TYPE)), "ChangeHandle");
        assertEq(kith.CHANGE_METADATA_TYPEHASH(), keccak256(bytes(CHANGE_METADATA_TYPE)), "ChangeMetadata");
        assertEq(kith.OFFER_TRANSFER_TYPEHASH(), keccak256(bytes(OFFER_TRANSFER_TYPE)), "OfferTransfer");
        assertEq(kith.CANCEL_TRANSFER_TYPEHASH(), keccak256(bytes(CANCEL_TRANSFER_TYPE)), "CancelTransfer");
        assertEq(kith.ACCEPT_TRANSFER_TYPEHASH(), keccak256(bytes(ACCEPT_TRANSFER_TYPE)), "AcceptTransfer");
        assertEq(kith.CHANGE_RECOVERY_TYPEHASH(), keccak256(bytes(CHANGE_RECOVERY_TYPE)), "ChangeRecovery");
        assertEq(kith.RECOVER_TYPEHASH(), keccak256(bytes(RECOVER_TYPE)), "Recover");
        assertEq(kith.ADD_APP_KEY_TYPEHASH(), keccak256(bytes(ADD_APP_KEY_TYPE)), "AddAppKey");
        assertEq(kith.REVOKE_APP_KEY_TYPEHASH(), keccak256(bytes(REVOKE_APP_KEY_TYPE)), "RevokeAppKey");
        assertEq(kith.REVOKE_ALL_APP_KEYS_TYPEHASH(), keccak256(bytes(REVOKE_ALL_APP_KEYS_TYPE)), "RevokeAllAppKeys");
        assertEq(kith.FOLLOW_TYPEHASH(), keccak256(bytes(FOLLOW_TYPE)), "Follow");
        assertEq(kith.FOLLOW_BATCH_TYPEHASH(), keccak256(bytes(FOLLOW_BATCH_TYPE)), "FollowBatch");
        assertEq(kith.UNFOLLOW_TYPEHASH(), keccak256(bytes(UNFOLLOW_TYPE)), "Unfollow");
        assertEq(kith.UNFOLLOW_BATCH_TYPEHASH(), keccak256(bytes(UNFOLLOW_BATCH_TYPE)), "UnfollowBatch");
        assertEq(kith.BLOCK_TYPEHASH(), keccak256(bytes(BLOCK_TYPE)), "Block");
        assertEq(kith.BLOCK_BATCH_TYPEHASH(), keccak256(bytes(BLOCK_BATCH_TYPE)), "BlockBatch");
        assertEq(kith.UNBLOCK_TYPEHASH(), keccak256(bytes(UNBLOCK_TYPE)), "Unblock");
        assertEq(kith.POST_TYPEHASH(), keccak256(bytes(POST_TYPE)), "Post");
        assertEq(kith.REPLY_TYPEHASH(), keccak256(bytes(REPLY_TYPE)), "Reply");
        assertEq(kith.QUOTE_TYPEHASH(), keccak256(bytes(QUOTE_TYPE)), "Quote");
        assertEq(kith.REPOST_TYPEHASH(), keccak256(bytes(REPOST_TYPE)), "Repost");
        assertEq(kith.DELETE_POST_TYPEHASH(), keccak256(bytes(DELETE_POST_TYPE)), "DeletePost");
        assertEq(kith.LIKE_TYPEHASH(), keccak256(bytes(LIKE_TYPE)), "Like");
        assertEq(kith.UNLIKE_TYPEHASH(), keccak256(bytes(UNLIKE_TYPE)), "Unlike");
    }

    /// @dev The generic tests below are only as good as the table: it must name each `...For`
    ///      function exactly once.
    function test_ActionTable_CoversEverySignedFunctionOnce() public view {
        bytes4[25] memory expected = [
            kith.registerFor.selector,
            kith.changeHandleFor.selector,
            kith.changeMetadataFor.selector,
            kith.offerTransferFor.selector,
            kith.cancelTransferFor.selector,
            kith.acceptTransferFor.selector,
            kith.changeRecoveryFor.selector,
            kith.recoverFor.selector,
            kith.addAppKeyFor.selector,
            kith.revokeAppKeyFor.selector,
            kith.revokeAllAppKeysFor.selector,
            kith.followFor.selector,
            kith.followBatchFor.selector,
            kith.unfollowFor.selector,
            kith.unfollowBatchFor.selector,
            kith.blockProfileFor.selector,
            kith.blockBatchFor.selector,
            kith.unblockProfileFor.selector,
            kith.postFor.selector,
            kith.replyFor.selector,
            kith.quoteFor.selector,
            kith.repostFor.selector,
            kith.deletePostFor.selector,
            kith.likeFor.selector,
            kith.unlikeFor.selector
        ];
        SignedAction[] memory actions = _signedActions();
        assertEq(actions.length, expected.length, "table size");
        IKithSignatures.SignedAuth memory auth;
        for (uint256 i; i < actions.length; ++i) {
            (, bytes memory callData) = actions[i].encode(auth);
            assertEq(bytes4(callData), expected[i], actions[i].name);
        }
    }

    /*//////////////////////////////////////////////////////////////
                       RELAYED SUCCESS: PROFILES
    //////////////////////////////////////////////////////////////*/

    function test_RegisterFor_RelayedByThirdParty() public {
        string memory handle = "dave";
        Vm.Log[] memory logs = _relaySigned(_registerForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(
            logs[0],
            _topics(IKithProfiles.ProfileRegistered.selector, bytes32(uint256(4)), _addressTopic(dave)),
            abi.encode(handle, guardian, METADATA_HASH)
        );
        assertEq(kith.profileCount(), 4, "profileCount");
        assertEq(kith.custodyOf(4), dave, "custody is the signer, not the relayer");
        assertEq(kith.recoveryOf(4), guardian, "recovery");
        assertEq(kith.profileIdOf(handle), 4, "handle");
    }

    function test_ChangeHandleFor_RelayedByThirdParty() public {
        string memory handle = "alice_new";
        Vm.Log[] memory logs = _relaySigned(_changeHandleForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(logs[0], IKithProfiles.HandleChanged.selector, aliceId, abi.encode(handle));
        assertEq(kith.handleOf(aliceId), handle, "handleOf");
        assertEq(kith.profileIdOf(handle), aliceId, "new handle");
        assertEq(kith.profileIdOf("alice"), 0, "old handle freed");
        assertEq(kith.recoveryOf(aliceId), guardian, "recovery moved along");
    }

    function test_ChangeMetadataFor_RelayedByThirdParty() public {
        Vm.Log[] memory logs = _relaySigned(_changeMetadataForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(logs[0], IKithProfiles.MetadataChanged.selector, aliceId, abi.encode(NEW_METADATA_HASH));
        assertEq(kith.custodyOf(aliceId), alice, "custody unchanged");
    }

    function test_OfferTransferFor_RelayedByThirdParty() public {
        Vm.Log[] memory logs = _relaySigned(_offerTransferForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(
            logs[0],
            _topics(IKithProfiles.TransferOffered.selector, bytes32(aliceId), _addressTopic(alice), _addressTopic(bob)),
            ""
        );
        assertEq(kith.pendingCustodyOf(aliceId), bob, "pending");
        assertEq(kith.custodyOf(aliceId), alice, "custody unchanged until accepted");
    }

    function test_CancelTransferFor_RelayedByThirdParty() public {
        _offerAliceToBob();
        Vm.Log[] memory logs = _relaySigned(_cancelTransferForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(logs[0], _topics(IKithProfiles.TransferCancelled.selector, bytes32(aliceId)), "");
        assertEq(kith.pendingCustodyOf(aliceId), address(0), "offer withdrawn");
    }

    function test_AcceptTransferFor_RelayedByThirdParty() public {
        _offerAliceToBob();
        Vm.Log[] memory logs = _relaySigned(_acceptTransferForAction());

        assertEq(logs.length, 2, "events");
        _assertLog(logs[0], _topics(IKithAppKeys.AllAppKeysRevoked.selector, bytes32(aliceId)), "");
        _assertLog(
            logs[1],
            _topics(
                IKithProfiles.CustodyTransferred.selector, bytes32(aliceId), _addressTopic(alice), _addressTopic(bob)
            ),
            ""
        );
        assertEq(kith.custodyOf(aliceId), bob, "custody");
        assertEq(kith.pendingCustodyOf(aliceId), address(0), "offer consumed");
        assertEq(kith.recoveryOf(aliceId), guardian, "recovery kept");
        assertEq(kith.nonces(alice, 0), 0, "the nonce consumed is bob's");
    }

    function test_ChangeRecoveryFor_RelayedByThirdParty() public {
        Vm.Log[] memory logs = _relaySigned(_changeRecoveryForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(
            logs[0], _topics(IKithProfiles.RecoveryChanged.selector, bytes32(aliceId), _addressTopic(carol)), ""
        );
        assertEq(kith.recoveryOf(aliceId), carol, "recovery");
    }

    function test_RecoverFor_RelayedByThirdParty() public {
        _offerAliceToBob();
        Vm.Log[] memory logs = _relaySigned(_recoverForAction());

        assertEq(logs.length, 2, "events");
        _assertLog(logs[0], _topics(IKithAppKeys.AllAppKeysRevoked.selector, bytes32(aliceId)), "");
        _assertLog(
            logs[1],
            _topics(IKithProfiles.Recovered.selector, bytes32(aliceId), _addressTopic(alice), _addressTopic(dave)),
            ""
        );
        assertEq(kith.custodyOf(aliceId), dave, "custody");
        assertEq(kith.recoveryOf(aliceId), guardian, "recovery kept");
        assertEq(kith.pendingCustodyOf(aliceId), address(0), "pending offer dropped");
    }

    /*//////////////////////////////////////////////////////////////
                       RELAYED SUCCESS: APP KEYS
    //////////////////////////////////////////////////////////////*/

    function test_AddAppKeyFor_RelayedByThirdParty() public {
        Vm.Log[] memory logs = _relaySigned(_addAppKeyForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(
            logs[0],
            _topics(IKithAppKeys.AppKeyAdded.selector, bytes32(aliceId), _addressTopic(appKey)),
            abi.encode(APP_KEY_SCOPES, appKeyExpiry)
        );
        (uint256 scopes, uint256 expiry, bool active) = kith.appKeyOf(aliceId, appKey);
        assertEq(scopes, APP_KEY_SCOPES, "scopes");
        assertEq(expiry, appKeyExpiry, "expiry");
        assertTrue(active, "active");
    }

    function test_RevokeAppKeyFor_RelayedByThirdParty() public {
        _addAliceAppKey();
        Vm.Log[] memory logs = _relaySigned(_revokeAppKeyForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(
            logs[0], _topics(IKithAppKeys.AppKeyRevoked.selector, bytes32(aliceId), _addressTopic(appKey)), ""
        );
        _assertAppKeyGone(aliceId, appKey);
    }

    function test_RevokeAllAppKeysFor_RelayedByThirdParty() public {
        _addAliceAppKey();
        Vm.Log[] memory logs = _relaySigned(_revokeAllAppKeysForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(logs[0], _topics(IKithAppKeys.AllAppKeysRevoked.selector, bytes32(aliceId)), "");
        _assertAppKeyGone(aliceId, appKey);
    }

    /*//////////////////////////////////////////////////////////////
                         RELAYED SUCCESS: GRAPH
    //////////////////////////////////////////////////////////////*/

    function test_FollowFor_RelayedByThirdParty() public {
        Vm.Log[] memory logs = _relaySigned(_followForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(logs[0], IKithGraph.Followed.selector, aliceId, bobId);
        assertTrue(kith.isFollowing(aliceId, bobId), "following");
        assertFalse(kith.isFollowing(bobId, aliceId), "directed");
    }

    function test_FollowBatchFor_RelayedByThirdParty() public {
        Vm.Log[] memory logs = _relaySigned(_followBatchForAction());

        assertEq(logs.length, 2, "events");
        _assertLog(logs[0], IKithGraph.Followed.selector, aliceId, bobId);
        _assertLog(logs[1], IKithGraph.Followed.selector, aliceId, carolId);
        assertTrue(kith.isFollowing(aliceId, bobId), "bob");
        assertTrue(kith.isFollowing(aliceId, carolId), "carol");
    }

    function test_UnfollowFor_RelayedByThirdParty() public {
        _aliceFollowsBob();
        Vm.Log[] memory logs = _relaySigned(_unfollowForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(logs[0], IKithGraph.Unfollowed.selector, aliceId, bobId);
        assertFalse(kith.isFollowing(aliceId, bobId), "unfollowed");
    }

    function test_UnfollowBatchFor_RelayedByThirdParty() public {
        _aliceFollowsBobAndCarol();
        Vm.Log[] memory logs = _relaySigned(_unfollowBatchForAction());

        assertEq(logs.length, 2, "events");
        _assertLog(logs[0], IKithGraph.Unfollowed.selector, aliceId, bobId);
        _assertLog(logs[1], IKithGraph.Unfollowed.selector, aliceId, carolId);
        assertFalse(kith.isFollowing(aliceId, bobId), "bob");
        assertFalse(kith.isFollowing(aliceId, carolId), "carol");
    }

    function test_BlockProfileFor_RelayedByThirdParty() public {
        _aliceAndBobFollowEachOther();
        Vm.Log[] memory logs = _relaySigned(_blockProfileForAction());

        assertEq(logs.length, 3, "events");
        _assertLog(logs[0], IKithGraph.Unfollowed.selector, aliceId, bobId);
        _assertLog(logs[1], IKithGraph.Unfollowed.selector, bobId, aliceId);
        _assertLog(logs[2], IKithGraph.Blocked.selector, aliceId, bobId);
        assertTrue(kith.isBlocking(aliceId, bobId), "blocking");
        assertFalse(kith.isFollowing(aliceId, bobId), "alice's follow cut");
        assertFalse(kith.isFollowing(bobId, aliceId), "bob's follow cut");
    }

    function test_BlockBatchFor_RelayedByThirdParty() public {
        _carolFollowsAlice();
        Vm.Log[] memory logs = _relaySigned(_blockBatchForAction());

        assertEq(logs.length, 3, "events");
        _assertLog(logs[0], IKithGraph.Blocked.selector, aliceId, bobId);
        _assertLog(logs[1], IKithGraph.Unfollowed.selector, carolId, aliceId);
        _assertLog(logs[2], IKithGraph.Blocked.selector, aliceId, carolId);
        assertTrue(kith.isBlocking(aliceId, bobId), "bob");
        assertTrue(kith.isBlocking(aliceId, carolId), "carol");
        assertFalse(kith.isFollowing(carolId, aliceId), "carol's follow cut");
    }

    function test_UnblockProfileFor_RelayedByThirdParty() public {
        _aliceBlocksBob();
        Vm.Log[] memory logs = _relaySigned(_unblockProfileForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(logs[0], IKithGraph.Unblocked.selector, aliceId, bobId);
        assertFalse(kith.isBlocking(aliceId, bobId), "unblocked");
    }

    /*//////////////////////////////////////////////////////////////
                         RELAYED SUCCESS: POSTS
    //////////////////////////////////////////////////////////////*/

    function test_PostFor_RelayedByThirdParty() public {
        Vm.Log[] memory logs = _relaySigned(_postForAction());

        assertEq(logs.length, 1, "events");
        _assertPostedLog(logs[0], alicePostId, aliceId, 0, IKithPosts.PostKind.Post, alice, CONTENT_HASH, URI);
    }

    function test_ReplyFor_RelayedByThirdParty() public {
        _bobPosts();
        Vm.Log[] memory logs = _relaySigned(_replyForAction());

        uint256 replyId = _expectedPostId(aliceId, IKithPosts.PostKind.Reply, bobPostId, REPLY_HASH);
        assertEq(logs.length, 1, "events");
        _assertPostedLog(logs[0], replyId, aliceId, bobPostId, IKithPosts.PostKind.Reply, alice, REPLY_HASH, URI);
    }

    function test_QuoteFor_RelayedByThirdParty() public {
        _bobPosts();
        Vm.Log[] memory logs = _relaySigned(_quoteForAction());

        uint256 quoteId = _expectedPostId(aliceId, IKithPosts.PostKind.Quote, bobPostId, QUOTE_HASH);
        assertEq(logs.length, 1, "events");
        _assertPostedLog(logs[0], quoteId, aliceId, bobPostId, IKithPosts.PostKind.Quote, alice, QUOTE_HASH, URI);
    }

    function test_RepostFor_RelayedByThirdParty() public {
        _bobPosts();
        Vm.Log[] memory logs = _relaySigned(_repostForAction());

        uint256 repostId = _expectedPostId(aliceId, IKithPosts.PostKind.Repost, bobPostId, bytes32(0));
        assertEq(logs.length, 1, "events");
        _assertPostedLog(logs[0], repostId, aliceId, bobPostId, IKithPosts.PostKind.Repost, alice, bytes32(0), "");
    }

    function test_DeletePostFor_RelayedByThirdParty() public {
        _alicePosts();
        Vm.Log[] memory logs = _relaySigned(_deletePostForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(
            logs[0],
            _topics(IKithPosts.PostDeleted.selector, bytes32(alicePostId), bytes32(aliceId)),
            abi.encode(alice)
        );
    }

    function test_LikeFor_RelayedByThirdParty() public {
        _bobPosts();
        Vm.Log[] memory logs = _relaySigned(_likeForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(
            logs[0], _topics(IKithPosts.Liked.selector, bytes32(bobPostId), bytes32(aliceId)), abi.encode(alice)
        );
    }

    function test_UnlikeFor_RelayedByThirdParty() public {
        _aliceLikesBobsPost();
        Vm.Log[] memory logs = _relaySigned(_unlikeForAction());

        assertEq(logs.length, 1, "events");
        _assertLog(
            logs[0], _topics(IKithPosts.Unliked.selector, bytes32(bobPostId), bytes32(aliceId)), abi.encode(alice)
        );
    }

    /// @dev The post id is also what the relayer's call returns.
    function test_PostFor_ReturnsPostId() public {
        IKithSignatures.SignedAuth memory auth = _signAction(_postForAction());
        vm.prank(relayer);
        assertEq(kith.postFor(aliceId, CONTENT_HASH, URI, auth), alicePostId);
    }

    /*//////////////////////////////////////////////////////////////
                 EVERY SIGNED ACTION: REFUSED SIGNATURES
    //////////////////////////////////////////////////////////////*/

    function test_SignedActions_RevertWhen_Replayed() public {
        _forEachSignedAction(_checkReplayRefused);
    }

    function test_SignedActions_RevertWhen_Expired() public {
        _forEachSignedAction(_checkExpiredRefused);
    }

    function test_SignedActions_AcceptDeadlineEqualToNow() public {
        _forEachSignedAction(_checkDeadlineNowAccepted);
    }

    function test_SignedActions_RevertWhen_SignedForAnotherChain() public {
        _forEachSignedAction(_checkOtherChainRefused);
    }

    function test_SignedActions_RevertWhen_SignedForAnotherDeployment() public {
        _forEachSignedAction(_checkOtherDeploymentRefused);
    }

    function test_SignedActions_RevertWhen_SignedByImpostor() public {
        _forEachSignedAction(_checkImpostorRefused);
    }

    function test_SignedActions_RevertWhen_SignerHasNoRole() public {
        _forEachSignedAction(_checkStrangerRefused);
    }

    function test_SignedActions_RevertWhen_HighS() public {
        _forEachSignedAction(_checkHighSRefused);
    }

    function test_SignedActions_RevertWhen_SignerIsZero() public {
        _forEachSignedAction(_checkZeroSignerRefused);
    }

    function test_SignedActions_RevertWhen_NonceCancelled() public {
        _forEachSignedAction(_checkCancelledNonceRefused);
    }

    function test_SignedActions_RevertWhen_AllSignaturesCancelled() public {
        _forEachSignedAction(_checkCancelAllRefused);
    }

    function test_SignedActions_AcceptAnyLane() public {
        _forEachSignedAction(_checkOwnLaneAccepted);
    }

    /// @dev Runs `check` once per signed action, each from the same fresh state plus the action's
    ///      precondition.
    function _forEachSignedAction(function(SignedAction memory) internal check) private {
        SignedAction[] memory actions = _signedActions();
        uint256 fresh = vm.snapshotState();
        for (uint256 i; i < actions.length; ++i) {
            vm.revertToState(fresh);
            actions[i].prepare();
            check(actions[i]);
        }
    }

    function _checkReplayRefused(SignedAction memory a) private {
        IKithSignatures.SignedAuth memory auth = _signAction(a);
        _relay(a, auth);
        _assertRejected(a, auth, _invalidNonce(auth.signer, auth.nonce + 1));
    }

    function _checkExpiredRefused(SignedAction memory a) private {
        address signer = vm.addr(a.signerKey);
        uint256 nonce = kith.nonces(signer, 0);
        IKithSignatures.SignedAuth memory auth = _signAction(a, a.signerKey, nonce, block.timestamp, kith);
        skip(1);
        _assertRejected(a, auth, _expired(auth.deadline));
        // The refused signature did not burn its nonce: one over the same nonce still works.
        _relay(a, _signAction(a, a.signerKey, nonce, _deadline(), kith));
    }

    function _checkDeadlineNowAccepted(SignedAction memory a) private {
        address signer = vm.addr(a.signerKey);
        uint256 nonce = kith.nonces(signer, 0);
        _relay(a, _signAction(a, a.signerKey, nonce, block.timestamp, kith));
        assertEq(kith.nonces(signer, 0), nonce + 1, string.concat(a.name, ": nonce"));
    }

    function _checkOtherChainRefused(SignedAction memory a) private {
        uint256 thisChain = block.chainid;
        uint256 otherChain = thisChain == 1 ? 10 : 1;
        vm.chainId(otherChain);
        IKithSignatures.SignedAuth memory auth = _signAction(a, a.signerKey, 0);
        vm.chainId(thisChain);
        _assertRejected(a, auth, _invalidSignature());
        // The same signature is good on the chain it was made for.
        vm.chainId(otherChain);
        _relay(a, auth);
        vm.chainId(thisChain);
    }

    function _checkOtherDeploymentRefused(SignedAction memory a) private {
        Kith otherKith = new Kith();
        address signer = vm.addr(a.signerKey);
        IKithSignatures.SignedAuth memory auth =
            _signAction(a, a.signerKey, kith.nonces(signer, 0), _deadline(), otherKith);
        _assertRejected(a, auth, _invalidSignature());
        _relay(a, _signAction(a));
    }

    /// @dev mallory signs, the auth claims the real signer.
    function _checkImpostorRefused(SignedAction memory a) private {
        IKithSignatures.SignedAuth memory genuine = _signAction(a);
        IKithSignatures.SignedAuth memory forged =
            _signAction(a, malloryPk, genuine.nonce, genuine.deadline, kith);
        forged.signer = genuine.signer;
        _assertRejected(a, forged, _invalidSignature());
        _relay(a, genuine);
    }

    /// @dev mallory signs as herself an action she has no right to.
    function _checkStrangerRefused(SignedAction memory a) private {
        IKithSignatures.SignedAuth memory auth = _signAction(a, malloryPk, 0);
        _assertRejected(a, auth, a.strangerError);
        _relay(a, _signAction(a));
    }

    function _checkHighSRefused(SignedAction memory a) private {
        IKithSignatures.SignedAuth memory genuine = _signAction(a);
        IKithSignatures.SignedAuth memory malleated = _signAction(a);
        malleated.signature = _malleate(genuine.signature);
        // Precondition: ecrecover alone would accept it; only the low-s rule can refuse it.
        (bytes32 r, bytes32 s, uint8 v) = _split(malleated.signature);
        assertGt(uint256(s), SECP256K1_ORDER / 2, "high s");
        assertEq(ecrecover(_actionDigest(a, genuine), v, r, s), genuine.signer, "malleated signature recovers");

        _assertRejected(a, malleated, _invalidSignature());
        _relay(a, genuine);
    }

    function _checkZeroSignerRefused(SignedAction memory a) private {
        uint256 zeroNonce = kith.nonces(address(0), 0);
        IKithSignatures.SignedAuth memory auth =
            _signAction(a, a.signerKey, zeroNonce, _deadline(), kith);
        auth.signer = address(0);
        _assertRejected(a, auth, _invalidSignature());
        // A signature from which ecrecover yields address(0).
        auth.signature = abi.encodePacked(bytes32(0), bytes32(0), uint8(27));
        _assertRejected(a, auth, _invalidSignature());
        _relay(a, _signAction(a));
    }

    function _checkCancelledNonceRefused(SignedAction memory a) private {
        address signer = vm.addr(a.signerKey);
        uint128[2] memory lanes = [uint128(0), OTHER_LANE];
        for (uint256 i; i < lanes.length; ++i) {
            IKithSignatures.SignedAuth memory auth = _signAction(a, a.signerKey, lanes[i]);
            vm.prank(signer);
            kith.cancelNonce(lanes[i]);
            _assertRejected(a, auth, _invalidNonce(signer, kith.nonces(signer, lanes[i])));
        }
        _relay(a, _signAction(a, a.signerKey, OTHER_LANE));
    }

    function _checkCancelAllRefused(SignedAction memory a) private {
        address signer = vm.addr(a.signerKey);
        IKithSignatures.SignedAuth memory laneZero = _signAction(a, a.signerKey, 0);
        IKithSignatures.SignedAuth memory otherLane = _signAction(a, a.signerKey, OTHER_LANE);
        vm.prank(signer);
        kith.cancelAllSignatures();
        _assertRejected(a, laneZero, _invalidNonce(signer, kith.nonces(signer, 0)));
        _assertRejected(a, otherLane, _invalidNonce(signer, kith.nonces(signer, OTHER_LANE)));
        // Signatures over the new epoch's nonces work.
        _relay(a, _signAction(a));
    }

    function _checkOwnLaneAccepted(SignedAction memory a) private {
        address signer = vm.addr(a.signerKey);
        uint128 lane = uint128(uint256(keccak256(bytes(a.name))));
        uint256 laneNonce = kith.nonces(signer, lane);
        _relay(a, _signAction(a, a.signerKey, lane));
        assertEq(kith.nonces(signer, lane), laneNonce + 1, string.concat(a.name, ": own lane used"));
        assertEq(kith.nonces(signer, 0), 0, string.concat(a.name, ": lane 0 untouched"));
    }

    /*//////////////////////////////////////////////////////////////
                               NONCES
    //////////////////////////////////////////////////////////////*/

    function test_Nonces_PackEpochLaneAndSequence() public {
        SignedAction memory a = _postForAction();
        uint128 maxLane = type(uint128).max;
        assertEq(kith.nonces(alice, 0), 0, "fresh, lane 0");
        assertEq(kith.nonces(alice, OTHER_LANE), uint256(OTHER_LANE) << 64, "fresh, other lane");
        assertEq(kith.nonces(alice, maxLane), uint256(maxLane) << 64, "fresh, widest lane");

        _relay(a, _signAction(a, alicePk, OTHER_LANE));
        _relay(a, _signAction(a, alicePk, OTHER_LANE));
        _relay(a, _signAction(a, alicePk, 0));
        assertEq(kith.nonces(alice, OTHER_LANE), uint256(OTHER_LANE) << 64 | 2, "sequence 2");
        assertEq(kith.nonces(alice, 0), 1, "lane 0, sequence 1");

        uint256 epoch = _epochAfterCancelAll(kith, alice);
        vm.prank(alice);
        kith.cancelAllSignatures();
        _relay(a, _signAction(a, alicePk, maxLane));

        assertEq(kith.nonces(alice, OTHER_LANE), epoch << 192 | uint256(OTHER_LANE) << 64, "new epoch, sequence restarts");
        assertEq(kith.nonces(alice, maxLane), epoch << 192 | uint256(maxLane) << 64 | 1, "new epoch, widest lane");
        // Lane 0 shares the epoch's slot and keeps counting; the epoch alone voids its old nonces.
        assertEq(kith.nonces(alice, 0), epoch << 192 | 1, "new epoch, lane 0");
        assertEq(kith.nonces(bob, OTHER_LANE), uint256(OTHER_LANE) << 64, "per signer");
    }

    /// @dev Two apps relaying for alice in their own lanes never invalidate each other, whichever
    ///      submits first.
    function test_Lanes_IndependentInAnyOrder() public {
        SignedAction memory a = _postForAction();
        uint128[3] memory lanes = [uint128(0), OTHER_LANE, type(uint128).max];
        IKithSignatures.SignedAuth[3] memory auths;
        for (uint256 i; i < lanes.length; ++i) {
            auths[i] = _signAction(a, alicePk, lanes[i]);
        }
        uint256 fresh = vm.snapshotState();
        uint8[3][3] memory orders = [[2, 0, 1], [1, 2, 0], [0, 1, 2]];
        for (uint256 o; o < orders.length; ++o) {
            vm.revertToState(fresh);
            for (uint256 i; i < lanes.length; ++i) {
                _relay(a, auths[orders[o][i]]);
            }
            for (uint256 i; i < lanes.length; ++i) {
                assertEq(kith.nonces(alice, lanes[i]), uint256(lanes[i]) << 64 | 1, "each lane used once");
            }
        }
    }

    /// @dev Within a lane the sequence is strict: a signature over the next-but-one nonce waits.
    function test_Lane_RevertWhen_SequenceSkipped() public {
        SignedAction memory a = _postForAction();
        uint256 first = kith.nonces(alice, OTHER_LANE);
        IKithSignatures.SignedAuth memory firstAuth = _signAction(a, alicePk, first, _deadline(), kith);
        IKithSignatures.SignedAuth memory secondAuth = _signAction(a, alicePk, first + 1, _deadline(), kith);

        _assertRejected(a, secondAuth, _invalidNonce(alice, first));
        _relay(a, firstAuth);
        _relay(a, secondAuth);
        assertEq(kith.nonces(alice, OTHER_LANE), first + 2);
    }

    function test_Nonce_RevertWhen_FromFutureEpoch() public {
        SignedAction memory a = _postForAction();
        IKithSignatures.SignedAuth memory auth = _signAction(a, alicePk, 1 << 192, _deadline(), kith);
        _assertRejected(a, auth, _invalidNonce(alice, 0));
    }

    /// @dev The nonce a refusal names is the one to sign next in the refused nonce's own lane.
    function test_Nonce_RevertWhen_Stale_NamesCurrentNonceOfThatLane() public {
        SignedAction memory a = _postForAction();
        IKithSignatures.SignedAuth memory stale = _signAction(a, alicePk, OTHER_LANE);
        vm.startPrank(alice);
        kith.cancelNonce(OTHER_LANE);
        kith.cancelNonce(OTHER_LANE);
        kith.cancelNonce(0);
        vm.stopPrank();
        uint256 current = kith.nonces(alice, OTHER_LANE);
        assertEq(current >> 64, uint256(OTHER_LANE), "epoch 0, OTHER_LANE");
        assertNotEq(current, kith.nonces(alice, 0), "not lane 0's");
        _assertRejected(a, stale, _invalidNonce(alice, current));
    }

    /// @dev After a fork the contract rebuilds its domain for the new chain id: signatures made for
    ///      the new chain work there, those for the old one do not.
    function test_Domain_FollowsChainId() public {
        SignedAction memory a = _postForAction();
        IKithSignatures.SignedAuth memory oldChain = _signAction(a);
        vm.chainId(block.chainid + 1);
        _assertRejected(a, oldChain, _invalidSignature());
        _relay(a, _signAction(a));
    }

    /*//////////////////////////////////////////////////////////////
                            CANCEL ONE NONCE
    //////////////////////////////////////////////////////////////*/

    function test_CancelNonce_EmitsNonceCancelled() public {
        uint128[3] memory lanes = [uint128(0), OTHER_LANE, type(uint128).max];
        for (uint256 i; i < lanes.length; ++i) {
            uint256 nonce = kith.nonces(alice, lanes[i]);
            uint256 next = _nonceAfterCancel(kith, alice, lanes[i]);
            vm.expectEmit(address(kith));
            emit IKithSignatures.NonceCancelled(alice, nonce, next);
            vm.prank(alice);
            kith.cancelNonce(lanes[i]);
            assertEq(kith.nonces(alice, lanes[i]), next, "nonces() reports nextNonce");
        }
    }

    /// @dev In any block a cancel moves the sequence forward by 1 to 2**32 and keeps epoch and
    ///      lane; how far depends on the block, so nobody can know it when signing in advance.
    function test_CancelNonce_JumpsForwardByOneTo2To32DependingOnBlock() public {
        uint128[2] memory lanes = [uint128(0), OTHER_LANE];
        for (uint256 l; l < lanes.length; ++l) {
            uint256 firstJump;
            bool varies;
            for (uint256 i; i < 16; ++i) {
                uint256 fresh = vm.snapshotState();
                vm.roll(block.number + 1 + i);
                vm.prevrandao(uint256(keccak256(abi.encode("randao", i))));
                uint256 nonce = kith.nonces(alice, lanes[l]);
                vm.prank(alice);
                kith.cancelNonce(lanes[l]);
                uint256 next = kith.nonces(alice, lanes[l]);
                assertEq(next >> 64, nonce >> 64, "same epoch and lane");
                assertGe(next, nonce + 1, "forward");
                assertLe(next, nonce + 2 ** 32, "by at most 2**32");
                if (i == 0) firstJump = next - nonce;
                else if (next - nonce != firstJump) varies = true;
                vm.revertToState(fresh);
            }
            assertTrue(varies, "the jump depends on the block");
        }
    }

    /// @dev The finding this fixes: a cancel used to burn the next sequence only, so signatures made
    ///      in advance for the sequences after it became valid one by one.
    function test_CancelNonce_RevertWhen_PreSignedForLaterSequences() public {
        SignedAction memory a = _postForAction();
        uint128[2] memory lanes = [uint128(0), OTHER_LANE];
        uint256[4] memory aheads = [uint256(0), 1, 2, 100];
        for (uint256 l; l < lanes.length; ++l) {
            uint256 nonce = kith.nonces(alice, lanes[l]);
            IKithSignatures.SignedAuth[4] memory presigned;
            for (uint256 i; i < aheads.length; ++i) {
                presigned[i] = _signAction(a, alicePk, nonce + aheads[i], _deadline(), kith);
            }
            vm.prank(alice);
            kith.cancelNonce(lanes[l]);
            for (uint256 i; i < aheads.length; ++i) {
                _assertRejected(a, presigned[i], _invalidNonce(alice, kith.nonces(alice, lanes[l])));
            }
        }
    }

    /// @dev After a cancel the lane goes on from the nonce `nonces()` reports, one per signature.
    function test_CancelNonce_LaneAcceptsItsNewNonce() public {
        SignedAction memory a = _postForAction();
        uint128[2] memory lanes = [uint128(0), OTHER_LANE];
        for (uint256 l; l < lanes.length; ++l) {
            vm.prank(alice);
            kith.cancelNonce(lanes[l]);
            uint256 next = kith.nonces(alice, lanes[l]);
            _relay(a, _signAction(a, alicePk, next, _deadline(), kith));
            _relay(a, _signAction(a, alicePk, next + 1, _deadline(), kith));
            assertEq(kith.nonces(alice, lanes[l]), next + 2, "one per signature");
        }
    }

    /// @dev Two cancels in one block jump twice, independently: what was signed before either, or
    ///      between them, is void.
    function test_CancelNonce_TwiceInARow() public {
        SignedAction memory a = _postForAction();
        uint128[2] memory lanes = [uint128(0), OTHER_LANE];
        for (uint256 l; l < lanes.length; ++l) {
            uint128 lane = lanes[l];
            IKithSignatures.SignedAuth memory beforeBoth = _signAction(a, alicePk, lane);
            vm.prank(alice);
            kith.cancelNonce(lane);
            uint256 afterFirst = kith.nonces(alice, lane);
            IKithSignatures.SignedAuth memory betweenThem = _signAction(a, alicePk, lane);
            IKithSignatures.SignedAuth memory aheadOfFirst = _signAction(a, alicePk, afterFirst + 1, _deadline(), kith);

            vm.expectEmit(address(kith));
            emit IKithSignatures.NonceCancelled(alice, afterFirst, _nonceAfterCancel(kith, alice, lane));
            vm.prank(alice);
            kith.cancelNonce(lane);
            uint256 afterSecond = kith.nonces(alice, lane);
            assertGt(afterFirst, beforeBoth.nonce, "first cancel: forward");
            assertGt(afterSecond, afterFirst + 1, "second cancel: forward again");

            _assertRejected(a, beforeBoth, _invalidNonce(alice, afterSecond));
            _assertRejected(a, betweenThem, _invalidNonce(alice, afterSecond));
            _assertRejected(a, aheadOfFirst, _invalidNonce(alice, afterSecond));
            _relay(a, _signAction(a, alicePk, lane));
        }
    }

    function test_CancelNonce_OnlyVoidsCallersNonce() public {
        SignedAction memory a = _postForAction();
        IKithSignatures.SignedAuth memory auth = _signAction(a);
        vm.prank(mallory);
        kith.cancelNonce(0);
        vm.prank(mallory);
        kith.cancelAllSignatures();
        _relay(a, auth);
    }

    function test_CancelNonce_OnlyVoidsItsLane() public {
        SignedAction memory a = _postForAction();
        IKithSignatures.SignedAuth memory laneZero = _signAction(a, alicePk, 0);
        IKithSignatures.SignedAuth memory otherLane = _signAction(a, alicePk, OTHER_LANE);
        vm.prank(alice);
        kith.cancelNonce(OTHER_LANE);
        _assertRejected(a, otherLane, _invalidNonce(alice, kith.nonces(alice, OTHER_LANE)));
        assertEq(kith.nonces(alice, 0), 0, "lane 0 untouched");
        _relay(a, laneZero);
    }

    /// @dev A cancel lands at most 2**32 above the sequence, and never above 2**63: from 2**63 it is
    ///      refused, so lane 0's sequence keeps 2**63 signatures of room below its 2**64 limit (past
    ///      which it would carry into the epoch). Signatures go on.
    function test_CancelNonce_RevertWhen_LaneExhausted() public {
        SignedAction memory a = _postForAction();
        uint128[2] memory lanes = [uint128(0), OTHER_LANE];
        for (uint256 l; l < lanes.length; ++l) {
            uint128 lane = lanes[l];
            _relay(a, _signAction(a, alicePk, lane)); // a non-zero sequence, for _storeSequence to find
            _storeSequence(alice, lane, 2 ** 63 - 2 ** 32);
            vm.prank(alice);
            kith.cancelNonce(lane);
            assertLe(uint64(kith.nonces(alice, lane)), 2 ** 63, "as high as a cancel goes");

            _storeSequence(alice, lane, 2 ** 63);
            uint256 nonce = kith.nonces(alice, lane);
            vm.expectRevert(abi.encodeWithSelector(IKithSignatures.LaneExhausted.selector, alice, lane));
            vm.prank(alice);
            kith.cancelNonce(lane);
            assertEq(kith.nonces(alice, lane), nonce, "nonce kept");

            _relay(a, _signAction(a, alicePk, lane));
            assertEq(kith.nonces(alice, lane), nonce + 1, "signatures go on");
        }
    }

    /*//////////////////////////////////////////////////////////////
                         CANCEL ALL SIGNATURES
    //////////////////////////////////////////////////////////////*/

    /// @dev Twice in one block: each moves every lane to a new epoch, never the one it leaves.
    function test_CancelAllSignatures_EmitsSignaturesCancelled() public {
        uint256 previous;
        for (uint256 i; i < 2; ++i) {
            uint256 epoch = _epochAfterCancelAll(kith, alice);
            assertNotEq(epoch, previous, "another epoch");
            vm.expectEmit(address(kith));
            emit IKithSignatures.SignaturesCancelled(alice, epoch);
            vm.prank(alice);
            kith.cancelAllSignatures();
            assertEq(kith.nonces(alice, 0) >> 192, epoch, "lane 0 in the new epoch");
            assertEq(kith.nonces(alice, OTHER_LANE) >> 192, epoch, "other lanes too");
            previous = epoch;
        }
    }

    /// @dev Which epoch comes next depends on the block, so nobody can know it when signing in
    ///      advance (with an epoch + 1 rule, a signature for the next epoch became valid for sure).
    function test_CancelAllSignatures_NewEpochDependsOnBlock() public {
        uint256 firstEpoch;
        bool varies;
        for (uint256 i; i < 16; ++i) {
            uint256 fresh = vm.snapshotState();
            vm.roll(block.number + 1 + i);
            vm.prevrandao(uint256(keccak256(abi.encode("randao", i))));
            vm.prank(alice);
            kith.cancelAllSignatures();
            uint256 epoch = kith.nonces(alice, 0) >> 192;
            assertNotEq(epoch, 0, "left epoch 0");
            if (i == 0) firstEpoch = epoch;
            else if (epoch != firstEpoch) varies = true;
            vm.revertToState(fresh);
        }
        assertTrue(varies, "the epoch depends on the block");
    }

    /// @dev The finding this fixes: the epoch moved by one, so a signature made for epoch + 1 was
    ///      refused before the cancel-all and accepted after it.
    function test_CancelAllSignatures_RevertWhen_PreSignedForNextEpoch() public {
        _checkPreSignedForLaterEpochRefused(1);
    }

    /// @dev + 2 and + 2**16 ahead, and the epoch just below (2**64 - 1 ahead, wrapping).
    function test_CancelAllSignatures_RevertWhen_PreSignedForLaterEpochs() public {
        uint256[3] memory offsets = [uint256(2), 2 ** 16, type(uint64).max];
        uint256 fresh = vm.snapshotState();
        for (uint256 i; i < offsets.length; ++i) {
            vm.revertToState(fresh);
            _checkPreSignedForLaterEpochRefused(offsets[i]);
        }
    }

    /// @dev What was signed in advance for later sequences of the current epoch goes too.
    function test_CancelAllSignatures_RevertWhen_PreSignedForLaterSequences() public {
        SignedAction memory a = _postForAction();
        uint128[2] memory lanes = [uint128(0), OTHER_LANE];
        IKithSignatures.SignedAuth[3][2] memory presigned;
        for (uint256 l; l < lanes.length; ++l) {
            uint256 nonce = kith.nonces(alice, lanes[l]);
            for (uint256 ahead; ahead < 3; ++ahead) {
                presigned[l][ahead] = _signAction(a, alicePk, nonce + ahead, _deadline(), kith);
            }
        }
        vm.prank(alice);
        kith.cancelAllSignatures();
        for (uint256 l; l < lanes.length; ++l) {
            for (uint256 ahead; ahead < 3; ++ahead) {
                _assertRejected(a, presigned[l][ahead], _invalidNonce(alice, kith.nonces(alice, lanes[l])));
            }
        }
    }

    /// @dev Two cancel-alls in one block: signatures made before both, or between them, are void;
    ///      signatures over the nonces `nonces()` reports after the second work.
    function test_CancelAllSignatures_TwiceInARow() public {
        SignedAction memory a = _postForAction();
        IKithSignatures.SignedAuth memory beforeBoth = _signAction(a);
        vm.prank(alice);
        kith.cancelAllSignatures();
        uint256 firstEpoch = kith.nonces(alice, 0) >> 192;
        IKithSignatures.SignedAuth memory betweenLaneZero = _signAction(a);
        IKithSignatures.SignedAuth memory betweenOtherLane = _signAction(a, alicePk, OTHER_LANE);

        vm.prank(alice);
        kith.cancelAllSignatures();
        assertNotEq(kith.nonces(alice, 0) >> 192, firstEpoch, "another epoch again");

        _assertRejected(a, beforeBoth, _invalidNonce(alice, kith.nonces(alice, 0)));
        _assertRejected(a, betweenLaneZero, _invalidNonce(alice, kith.nonces(alice, 0)));
        _assertRejected(a, betweenOtherLane, _invalidNonce(alice, kith.nonces(alice, OTHER_LANE)));
        _relay(a, _signAction(a));
        _relay(a, _signAction(a, alicePk, OTHER_LANE));
    }

    /// @dev alice, in a non-zero epoch with used lanes, signs posts in lanes 0 and OTHER_LANE for the
    ///      epoch `offset` ahead: refused before her cancel-all and after each of two.
    function _checkPreSignedForLaterEpochRefused(uint256 offset) private {
        SignedAction memory a = _postForAction();
        vm.prank(alice);
        kith.cancelAllSignatures();
        _relay(a, _signAction(a, alicePk, 0));
        _relay(a, _signAction(a, alicePk, OTHER_LANE));

        uint256 target = uint64((kith.nonces(alice, 0) >> 192) + offset);
        uint128[2] memory lanes = [uint128(0), OTHER_LANE];
        IKithSignatures.SignedAuth[2] memory presigned;
        for (uint256 l; l < lanes.length; ++l) {
            uint256 nonce = _firstNonceInEpoch(kith, alice, lanes[l], target);
            presigned[l] = _signAction(a, alicePk, nonce, _deadline(), kith);
        }
        for (uint256 cancels; cancels <= 2; ++cancels) {
            if (cancels > 0) {
                vm.prank(alice);
                kith.cancelAllSignatures();
            }
            for (uint256 l; l < lanes.length; ++l) {
                _assertRejected(a, presigned[l], _invalidNonce(alice, kith.nonces(alice, lanes[l])));
            }
        }
        _relay(a, _signAction(a));
    }

    /*//////////////////////////////////////////////////////////////
                       USED SIGNATURES STAY USED
    //////////////////////////////////////////////////////////////*/

    /// @dev Whatever mix of cancels follows, no used signature is accepted again.
    function test_Cancels_NeverReplayUsedSignatures() public {
        SignedAction memory a = _postForAction();
        uint128[2] memory lanes = [uint128(0), OTHER_LANE];
        IKithSignatures.SignedAuth[8] memory used;
        uint256 count;
        for (uint256 round; round < 2; ++round) {
            for (uint256 l; l < lanes.length; ++l) {
                used[count] = _signAction(a, alicePk, lanes[l]);
                _relay(a, used[count++]);
                vm.prank(alice);
                kith.cancelNonce(lanes[l]);
                used[count] = _signAction(a, alicePk, lanes[l]);
                _relay(a, used[count++]);
            }
            vm.prank(alice);
            kith.cancelAllSignatures();
        }
        for (uint256 i; i < count; ++i) {
            uint128 lane = uint128(used[i].nonce >> 64);
            _assertRejected(a, used[i], _invalidNonce(alice, kith.nonces(alice, lane)));
        }
    }

    /// @dev Even if a cancel-all drew an epoch used before (probability 2**-64 each), its used
    ///      signatures would stay used: lane 0's sequence has moved on, other lanes resume where
    ///      they stopped in that epoch.
    function test_Cancels_NeverReplayUsedSignatures_WhenAnEpochComesBack() public {
        SignedAction memory a = _postForAction();
        IKithSignatures.SignedAuth memory laneZero = _signAction(a, alicePk, 0);
        IKithSignatures.SignedAuth memory otherLane = _signAction(a, alicePk, OTHER_LANE);
        _relay(a, laneZero);
        _relay(a, otherLane);
        vm.prank(alice);
        kith.cancelAllSignatures();
        _relay(a, _signAction(a, alicePk, 0));

        _storeEpoch(alice, 0);
        assertEq(kith.nonces(alice, 0), 2, "lane 0 kept counting");
        assertEq(kith.nonces(alice, OTHER_LANE), uint256(OTHER_LANE) << 64 | 1, "the other lane resumes");
        _assertRejected(a, laneZero, _invalidNonce(alice, 2));
        _assertRejected(a, otherLane, _invalidNonce(alice, uint256(OTHER_LANE) << 64 | 1));
    }

    /*//////////////////////////////////////////////////////////////
                                HELPERS
    //////////////////////////////////////////////////////////////*/

    function _assertAppKeyGone(uint256 profileId, address key) private view {
        (uint256 scopes, uint256 expiry, bool active) = kith.appKeyOf(profileId, key);
        assertEq(scopes, 0, "scopes");
        assertEq(expiry, 0, "expiry");
        assertFalse(active, "active");
    }
}
