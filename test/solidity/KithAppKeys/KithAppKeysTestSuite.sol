// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithAppKeys} from "../../../contracts/interfaces/IKithAppKeys.sol";
import {Scopes} from "../../../contracts/libraries/Scopes.sol";
import {KithSignaturesTestSuite} from "../KithSignatures/KithSignaturesTestSuite.sol";

/// @notice App key helpers on top of the signed-action suite: the app key of alice's profile acts
///         either itself (`msg.sender`) or by signing the suite's signed actions.
abstract contract KithAppKeysTestSuite is KithSignaturesTestSuite {
    /*//////////////////////////////////////////////////////////////
                                 STRUCTS
    //////////////////////////////////////////////////////////////*/

    /// @dev A call an app key sends itself, for alice's profile.
    struct DirectAction {
        string name;
        /// @dev The scope it needs; 0 when only the custody may call it.
        uint256 scope;
        function() internal prepare;
        bytes callData;
    }

    /// @dev A signed action of the suite's table, with the scope an app key needs to sign it.
    struct ScopedSignedAction {
        SignedAction action;
        /// @dev 0 when only the custody may sign it.
        uint256 scope;
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev Sends `a` from `appKey`; returns whether it succeeded and what it returned.
    function _callAsAppKey(DirectAction memory a) internal returns (bool ok, bytes memory returned) {
        vm.prank(appKey);
        (ok, returned) = address(kith).call(a.callData);
    }

    function _outOfScope(uint256 scope) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IKithAppKeys.AppKeyOutOfScope.selector, aliceId, appKey, scope);
    }

    function _expiredKey(uint256 expiry) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IKithAppKeys.AppKeyExpired.selector, aliceId, appKey, expiry);
    }

    /*//////////////////////////////////////////////////////////////
                              DIRECT CALLS
    //////////////////////////////////////////////////////////////*/

    /// @dev Every function an app key may call for a profile, with its scope.
    function _scopedDirectActions() internal view returns (DirectAction[] memory actions) {
        uint256[] memory bobAndCarol = _ids(bobId, carolId);
        actions = new DirectAction[](15);
        actions[0] = DirectAction(
            "post", Scopes.POST, _nothing, abi.encodeCall(kith.post, (aliceId, CONTENT_HASH, URI))
        );
        actions[1] = DirectAction(
            "reply", Scopes.POST, _bobPosts, abi.encodeCall(kith.reply, (aliceId, bobPostId, REPLY_HASH, URI))
        );
        actions[2] = DirectAction(
            "quote", Scopes.POST, _bobPosts, abi.encodeCall(kith.quote, (aliceId, bobPostId, QUOTE_HASH, URI))
        );
        actions[3] =
            DirectAction("repost", Scopes.POST, _bobPosts, abi.encodeCall(kith.repost, (aliceId, bobPostId)));
        actions[4] = DirectAction(
            "deletePost", Scopes.POST, _alicePosts, abi.encodeCall(kith.deletePost, (aliceId, alicePostId))
        );
        actions[5] = DirectAction("follow", Scopes.FOLLOW, _nothing, abi.encodeCall(kith.follow, (aliceId, bobId)));
        actions[6] = DirectAction(
            "followBatch", Scopes.FOLLOW, _nothing, abi.encodeCall(kith.followBatch, (aliceId, bobAndCarol))
        );
        actions[7] = DirectAction(
            "unfollow", Scopes.FOLLOW, _aliceFollowsBob, abi.encodeCall(kith.unfollow, (aliceId, bobId))
        );
        actions[8] = DirectAction(
            "unfollowBatch",
            Scopes.FOLLOW,
            _aliceFollowsBobAndCarol,
            abi.encodeCall(kith.unfollowBatch, (aliceId, bobAndCarol))
        );
        actions[9] =
            DirectAction("blockProfile", Scopes.BLOCK, _nothing, abi.encodeCall(kith.blockProfile, (aliceId, bobId)));
        actions[10] = DirectAction(
            "blockBatch", Scopes.BLOCK, _nothing, abi.encodeCall(kith.blockBatch, (aliceId, bobAndCarol))
        );
        actions[11] = DirectAction(
            "unblockProfile", Scopes.BLOCK, _aliceBlocksBob, abi.encodeCall(kith.unblockProfile, (aliceId, bobId))
        );
        actions[12] = DirectAction(
            "changeMetadata",
            Scopes.METADATA,
            _nothing,
            abi.encodeCall(kith.changeMetadata, (aliceId, NEW_METADATA_HASH))
        );
        actions[13] =
            DirectAction("like", Scopes.REACT, _bobPosts, abi.encodeCall(kith.like, (aliceId, bobPostId)));
        actions[14] = DirectAction(
            "unlike", Scopes.REACT, _aliceLikesBobsPost, abi.encodeCall(kith.unlike, (aliceId, bobPostId))
        );
    }

    /// @dev Every function only the custody may call for a profile (app keys never can).
    function _custodyOnlyDirectActions() internal view returns (DirectAction[] memory actions) {
        actions = new DirectAction[](7);
        actions[0] = DirectAction("changeHandle", 0, _nothing, abi.encodeCall(kith.changeHandle, (aliceId, "app_handle")));
        actions[1] = DirectAction("offerTransfer", 0, _nothing, abi.encodeCall(kith.offerTransfer, (aliceId, appKey)));
        actions[2] = DirectAction("cancelTransfer", 0, _offerAliceToBob, abi.encodeCall(kith.cancelTransfer, (aliceId)));
        actions[3] =
            DirectAction("changeRecovery", 0, _nothing, abi.encodeCall(kith.changeRecovery, (aliceId, appKey)));
        actions[4] = DirectAction(
            "addAppKey",
            0,
            _nothing,
            abi.encodeCall(kith.addAppKey, (aliceId, mallory, Scopes.ALL, appKeyExpiry))
        );
        actions[5] = DirectAction("revokeAppKey", 0, _nothing, abi.encodeCall(kith.revokeAppKey, (aliceId, appKey)));
        actions[6] = DirectAction("revokeAllAppKeys", 0, _nothing, abi.encodeCall(kith.revokeAllAppKeys, (aliceId)));
    }

    /*//////////////////////////////////////////////////////////////
                             SIGNED ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @dev The suite's signed actions an app key may sign, with their scopes.
    function _scopedSignedActions() internal view returns (ScopedSignedAction[] memory actions) {
        actions = new ScopedSignedAction[](15);
        actions[0] = ScopedSignedAction(_changeMetadataForAction(), Scopes.METADATA);
        actions[1] = ScopedSignedAction(_followForAction(), Scopes.FOLLOW);
        actions[2] = ScopedSignedAction(_followBatchForAction(), Scopes.FOLLOW);
        actions[3] = ScopedSignedAction(_unfollowForAction(), Scopes.FOLLOW);
        actions[4] = ScopedSignedAction(_unfollowBatchForAction(), Scopes.FOLLOW);
        actions[5] = ScopedSignedAction(_blockProfileForAction(), Scopes.BLOCK);
        actions[6] = ScopedSignedAction(_blockBatchForAction(), Scopes.BLOCK);
        actions[7] = ScopedSignedAction(_unblockProfileForAction(), Scopes.BLOCK);
        actions[8] = ScopedSignedAction(_postForAction(), Scopes.POST);
        actions[9] = ScopedSignedAction(_replyForAction(), Scopes.POST);
        actions[10] = ScopedSignedAction(_quoteForAction(), Scopes.POST);
        actions[11] = ScopedSignedAction(_repostForAction(), Scopes.POST);
        actions[12] = ScopedSignedAction(_deletePostForAction(), Scopes.POST);
        actions[13] = ScopedSignedAction(_likeForAction(), Scopes.REACT);
        actions[14] = ScopedSignedAction(_unlikeForAction(), Scopes.REACT);
    }

    /// @dev The suite's signed actions only the custody may sign.
    function _custodyOnlySignedActions() internal view returns (SignedAction[] memory actions) {
        actions = new SignedAction[](7);
        actions[0] = _changeHandleForAction();
        actions[1] = _offerTransferForAction();
        actions[2] = _cancelTransferForAction();
        actions[3] = _changeRecoveryForAction();
        actions[4] = _addAppKeyForAction();
        actions[5] = _revokeAppKeyForAction();
        actions[6] = _revokeAllAppKeysForAction();
    }
}
