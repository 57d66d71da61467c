// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {IKithAppKeys} from "../../../contracts/interfaces/IKithAppKeys.sol";
import {IKithPosts} from "../../../contracts/interfaces/IKithPosts.sol";
import {IKithProfiles} from "../../../contracts/interfaces/IKithProfiles.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {Scopes} from "../../../contracts/libraries/Scopes.sol";
import {KithAppKeysTestSuite} from "./KithAppKeysTestSuite.sol";

contract KithAppKeysTest is KithAppKeysTestSuite {
    /*//////////////////////////////////////////////////////////////
                               ADD APP KEY
    //////////////////////////////////////////////////////////////*/

    function test_AddAppKey_EmitsAppKeyAdded() public {
        vm.expectEmit(address(kith));
        emit IKithAppKeys.AppKeyAdded(aliceId, appKey, APP_KEY_SCOPES, appKeyExpiry);
        _addAppKey(aliceId, appKey, APP_KEY_SCOPES, appKeyExpiry);
    }

    function test_AddAppKey_StoresScopesAndExpiry() public {
        _addAppKey(aliceId, appKey, APP_KEY_SCOPES, appKeyExpiry);
        _assertAppKey(aliceId, appKey, APP_KEY_SCOPES, appKeyExpiry, true);
        _assertAppKey(bobId, appKey, 0, 0, false);
    }

    function test_AddAppKey_ReplacesEarlierAuthorization() public {
        _addAppKey(aliceId, appKey, Scopes.ALL, appKeyExpiry);
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry + 1);

        _assertAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry + 1, true);
        vm.prank(appKey);
        vm.expectRevert(_outOfScope(Scopes.FOLLOW));
        kith.follow(aliceId, bobId);
    }

    function test_AddAppKey_AcceptsEveryScopeAndLatestExpiry() public {
        _addAppKey(aliceId, appKey, Scopes.ALL, type(uint64).max);
        _assertAppKey(aliceId, appKey, Scopes.ALL, type(uint64).max, true);
    }

    function test_AddAppKey_RevertWhen_KeyIsZero() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithAppKeys.InvalidAppKey.selector, address(0)));
        kith.addAppKey(aliceId, address(0), Scopes.POST, appKeyExpiry);
    }

    function test_AddAppKey_RevertWhen_ScopesInvalid() public {
        uint256[5] memory invalid = [0, Scopes.ALL + 1, Scopes.ALL | 1 << 6, 1 << 32 | Scopes.POST, type(uint256).max];
        for (uint256 i; i < invalid.length; ++i) {
            vm.prank(alice);
            vm.expectRevert(abi.encodeWithSelector(IKithAppKeys.InvalidScopes.selector, invalid[i]));
            kith.addAppKey(aliceId, appKey, invalid[i], appKeyExpiry);
        }
        _assertAppKey(aliceId, appKey, 0, 0, false);
    }

    function test_AddAppKey_RevertWhen_ExpiryNotInFuture() public {
        uint256[4] memory invalid = [0, block.timestamp - 1, block.timestamp, uint256(type(uint64).max) + 1];
        for (uint256 i; i < invalid.length; ++i) {
            vm.prank(alice);
            vm.expectRevert(abi.encodeWithSelector(IKithAppKeys.InvalidExpiry.selector, invalid[i]));
            kith.addAppKey(aliceId, appKey, Scopes.POST, invalid[i]);
        }
        _assertAppKey(aliceId, appKey, 0, 0, false);
    }

    function test_AddAppKey_RevertWhen_NotCustody() public {
        vm.prank(bob);
        vm.expectRevert(_notAuthorized(aliceId, bob));
        kith.addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);
    }

    function test_AddAppKey_RevertWhen_UnknownProfile() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, 99));
        kith.addAppKey(99, appKey, Scopes.POST, appKeyExpiry);
    }

    /*//////////////////////////////////////////////////////////////
                             REVOKE APP KEY
    //////////////////////////////////////////////////////////////*/

    function test_RevokeAppKey_EmitsAppKeyRevoked_KeyCanNoLongerAct() public {
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);

        vm.expectEmit(address(kith));
        emit IKithAppKeys.AppKeyRevoked(aliceId, appKey);
        vm.prank(alice);
        kith.revokeAppKey(aliceId, appKey);

        _assertAppKey(aliceId, appKey, 0, 0, false);
        vm.prank(appKey);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        kith.post(aliceId, CONTENT_HASH, URI);
    }

    function test_RevokeAppKey_LeavesOtherKeysActive() public {
        address otherKey = makeAddr("otherKey");
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);
        _addAppKey(aliceId, otherKey, Scopes.POST, appKeyExpiry);
        vm.prank(alice);
        kith.revokeAppKey(aliceId, appKey);

        _assertAppKey(aliceId, otherKey, Scopes.POST, appKeyExpiry, true);
        vm.prank(otherKey);
        kith.post(aliceId, CONTENT_HASH, URI);
    }

    function test_RevokeAppKey_ThenAddAgain_KeyActsAgain() public {
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);
        vm.prank(alice);
        kith.revokeAppKey(aliceId, appKey);
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);

        vm.prank(appKey);
        assertEq(kith.post(aliceId, CONTENT_HASH, URI), alicePostId);
    }

    function test_RevokeAppKey_RevertWhen_NotCustody() public {
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);
        vm.prank(bob);
        vm.expectRevert(_notAuthorized(aliceId, bob));
        kith.revokeAppKey(aliceId, appKey);
        _assertAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry, true);
    }

    /*//////////////////////////////////////////////////////////////
                           REVOKE ALL APP KEYS
    //////////////////////////////////////////////////////////////*/

    function test_RevokeAllAppKeys_EmitsAllAppKeysRevoked_NoKeyCanAct() public {
        address otherKey = makeAddr("otherKey");
        _addAppKey(aliceId, appKey, Scopes.ALL, appKeyExpiry);
        _addAppKey(aliceId, otherKey, Scopes.POST, appKeyExpiry);

        vm.expectEmit(address(kith));
        emit IKithAppKeys.AllAppKeysRevoked(aliceId);
        vm.prank(alice);
        kith.revokeAllAppKeys(aliceId);

        address[2] memory keys = [appKey, otherKey];
        for (uint256 i; i < keys.length; ++i) {
            _assertAppKey(aliceId, keys[i], 0, 0, false);
            vm.prank(keys[i]);
            vm.expectRevert(_notAuthorized(aliceId, keys[i]));
            kith.post(aliceId, CONTENT_HASH, URI);
        }
    }

    /// @dev Re-adding after a revoke-all works, and only for the key re-added.
    function test_RevokeAllAppKeys_ThenReAdd_OnlyReAddedKeyActs() public {
        address otherKey = makeAddr("otherKey");
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);
        _addAppKey(aliceId, otherKey, Scopes.POST, appKeyExpiry);
        vm.prank(alice);
        kith.revokeAllAppKeys(aliceId);
        _addAppKey(aliceId, appKey, Scopes.FOLLOW, appKeyExpiry);

        _assertAppKey(aliceId, appKey, Scopes.FOLLOW, appKeyExpiry, true);
        vm.prank(appKey);
        kith.follow(aliceId, bobId);
        assertTrue(kith.isFollowing(aliceId, bobId), "re-added key acts");

        _assertAppKey(aliceId, otherKey, 0, 0, false);
        vm.prank(otherKey);
        vm.expectRevert(_notAuthorized(aliceId, otherKey));
        kith.post(aliceId, CONTENT_HASH, URI);
    }

    function test_RevokeAllAppKeys_RevertWhen_NotCustody() public {
        vm.prank(bob);
        vm.expectRevert(_notAuthorized(aliceId, bob));
        kith.revokeAllAppKeys(aliceId);
    }

    /// @dev Revoking one profile's keys leaves the same key's authorization for another profile.
    function test_RevokeAllAppKeys_OnlyThatProfile() public {
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);
        _addAppKey(bobId, appKey, Scopes.POST, appKeyExpiry);
        vm.prank(alice);
        kith.revokeAllAppKeys(aliceId);

        _assertAppKey(bobId, appKey, Scopes.POST, appKeyExpiry, true);
        vm.prank(appKey);
        kith.post(bobId, CONTENT_HASH, URI);
    }

    /*//////////////////////////////////////////////////////////////
                          ACTING: DIRECT CALLS
    //////////////////////////////////////////////////////////////*/

    /// @dev A key holding exactly the needed scope may make each call.
    function test_AppKey_DirectCalls_WithinScope() public {
        DirectAction[] memory actions = _scopedDirectActions();
        uint256 fresh = vm.snapshotState();
        for (uint256 i; i < actions.length; ++i) {
            vm.revertToState(fresh);
            actions[i].prepare();
            _addAppKey(aliceId, appKey, actions[i].scope, appKeyExpiry);
            _startRecordingLogs();
            (bool ok, bytes memory returned) = _callAsAppKey(actions[i]);
            assertTrue(ok, string.concat(actions[i].name, ": reverted with ", vm.toString(returned)));
            assertGt(_countKithLogs(vm.getRecordedLogs()), 0, string.concat(actions[i].name, ": no event"));
        }
    }

    /// @dev A key holding every scope but the needed one may not.
    function test_AppKey_DirectCalls_RevertWhen_OutOfScope() public {
        DirectAction[] memory actions = _scopedDirectActions();
        uint256 fresh = vm.snapshotState();
        for (uint256 i; i < actions.length; ++i) {
            vm.revertToState(fresh);
            actions[i].prepare();
            _addAppKey(aliceId, appKey, Scopes.ALL & ~actions[i].scope, appKeyExpiry);
            (bool ok, bytes memory returned) = _callAsAppKey(actions[i]);
            assertFalse(ok, actions[i].name);
            assertEq(returned, _outOfScope(actions[i].scope), actions[i].name);
        }
    }

    /// @dev Holding every scope does not open a single custody-only function.
    function test_AppKey_DirectCalls_RevertWhen_CustodyOnly() public {
        DirectAction[] memory actions = _custodyOnlyDirectActions();
        uint256 fresh = vm.snapshotState();
        for (uint256 i; i < actions.length; ++i) {
            vm.revertToState(fresh);
            actions[i].prepare();
            _addAppKey(aliceId, appKey, Scopes.ALL, appKeyExpiry);
            bytes32 stateBefore = _stateDigest();
            (bool ok, bytes memory returned) = _callAsAppKey(actions[i]);
            assertFalse(ok, actions[i].name);
            assertEq(returned, _notAuthorized(aliceId, appKey), actions[i].name);
            assertEq(_stateDigest(), stateBefore, actions[i].name);
        }
    }

    /// @dev Posts made by an app key name the key as the actor, the profile as the author.
    function test_AppKey_Post_EmitsKeyAsActor() public {
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);
        _startRecordingLogs();
        vm.prank(appKey);
        kith.post(aliceId, CONTENT_HASH, URI);

        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1, "events");
        _assertPostedLog(logs[0], alicePostId, aliceId, 0, IKithPosts.PostKind.Post, appKey, CONTENT_HASH, URI);
    }

    /// @dev A key belongs to the profile, not to its custody: alice's other profile is off limits.
    function test_AppKey_RevertWhen_ActingForAnotherProfile() public {
        uint256 aliceOtherId = _register(alice, "alice_team");
        _addAppKey(aliceId, appKey, Scopes.ALL, appKeyExpiry);

        vm.prank(appKey);
        vm.expectRevert(_notAuthorized(aliceOtherId, appKey));
        kith.post(aliceOtherId, CONTENT_HASH, URI);
        vm.prank(appKey);
        vm.expectRevert(_notAuthorized(bobId, appKey));
        kith.follow(bobId, carolId);
    }

    /*//////////////////////////////////////////////////////////////
                        ACTING: SIGNED ACTIONS
    //////////////////////////////////////////////////////////////*/

    function test_AppKey_SignedActions_WithinScope() public {
        ScopedSignedAction[] memory actions = _scopedSignedActions();
        uint256 fresh = vm.snapshotState();
        for (uint256 i; i < actions.length; ++i) {
            vm.revertToState(fresh);
            SignedAction memory a = actions[i].action;
            a.prepare();
            _addAppKey(aliceId, appKey, actions[i].scope, appKeyExpiry);
            IKithSignatures.SignedAuth memory auth = _signAction(a, appKeyPk, 0);
            _relay(a, auth);
            assertEq(kith.nonces(appKey, 0), auth.nonce + 1, string.concat(a.name, ": the key's nonce"));
            assertEq(kith.nonces(alice, 0), 0, string.concat(a.name, ": not alice's nonce"));
        }
    }

    function test_AppKey_SignedActions_RevertWhen_OutOfScope() public {
        ScopedSignedAction[] memory actions = _scopedSignedActions();
        uint256 fresh = vm.snapshotState();
        for (uint256 i; i < actions.length; ++i) {
            vm.revertToState(fresh);
            SignedAction memory a = actions[i].action;
            a.prepare();
            _addAppKey(aliceId, appKey, Scopes.ALL & ~actions[i].scope, appKeyExpiry);
            _assertRejected(a, _signAction(a, appKeyPk, 0), _outOfScope(actions[i].scope));
        }
    }

    function test_AppKey_SignedActions_RevertWhen_CustodyOnly() public {
        SignedAction[] memory actions = _custodyOnlySignedActions();
        uint256 fresh = vm.snapshotState();
        for (uint256 i; i < actions.length; ++i) {
            vm.revertToState(fresh);
            actions[i].prepare();
            _addAppKey(aliceId, appKey, Scopes.ALL, appKeyExpiry);
            _assertRejected(actions[i], _signAction(actions[i], appKeyPk, 0), _notAuthorized(aliceId, appKey));
        }
    }

    function test_AppKey_PostFor_EmitsKeyAsActor() public {
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);
        SignedAction memory a = _postForAction();
        Vm.Log[] memory logs = _relay(a, _signAction(a, appKeyPk, 0));

        assertEq(logs.length, 1, "events");
        _assertPostedLog(logs[0], alicePostId, aliceId, 0, IKithPosts.PostKind.Post, appKey, CONTENT_HASH, URI);
    }

    function test_AppKey_PostFor_RevertWhen_Revoked() public {
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);
        SignedAction memory a = _postForAction();
        IKithSignatures.SignedAuth memory auth = _signAction(a, appKeyPk, 0);
        vm.prank(alice);
        kith.revokeAppKey(aliceId, appKey);
        _assertRejected(a, auth, _notAuthorized(aliceId, appKey));
    }

    /*//////////////////////////////////////////////////////////////
                                 EXPIRY
    //////////////////////////////////////////////////////////////*/

    function test_AppKey_ActsUntilExpiry_RevertWhen_Expired() public {
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);

        vm.warp(appKeyExpiry - 1);
        vm.prank(appKey);
        kith.post(aliceId, CONTENT_HASH, URI);

        vm.warp(appKeyExpiry);
        _assertAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry, false);
        vm.prank(appKey);
        vm.expectRevert(_expiredKey(appKeyExpiry));
        kith.post(aliceId, CONTENT_HASH, URI);
    }

    function test_AppKey_PostFor_RevertWhen_Expired() public {
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);
        vm.warp(appKeyExpiry);
        SignedAction memory a = _postForAction();
        _assertRejected(a, _signAction(a, appKeyPk, 0), _expiredKey(appKeyExpiry));
    }

    /// @dev Scope is checked before expiry: an expired key without the scope reports the scope.
    function test_AppKey_RevertWhen_ExpiredAndOutOfScope_ReportsScope() public {
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);
        vm.warp(appKeyExpiry + 1);
        vm.prank(appKey);
        vm.expectRevert(_outOfScope(Scopes.FOLLOW));
        kith.follow(aliceId, bobId);
    }

    /// @dev Renewing an expired key (add again with a later expiry) brings it back.
    function test_AppKey_RenewedAfterExpiry_ActsAgain() public {
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);
        vm.warp(appKeyExpiry + 1);
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry + 1 days);
        vm.prank(appKey);
        kith.post(aliceId, CONTENT_HASH, URI);
    }

    /*//////////////////////////////////////////////////////////////
                            CUSTODY CHANGES
    //////////////////////////////////////////////////////////////*/

    function test_AcceptTransfer_RevokesAppKeys() public {
        _addAppKey(aliceId, appKey, Scopes.ALL, appKeyExpiry);
        _offerAliceToBob();

        vm.expectEmit(address(kith));
        emit IKithAppKeys.AllAppKeysRevoked(aliceId);
        vm.expectEmit(address(kith));
        emit IKithProfiles.CustodyTransferred(aliceId, alice, bob);
        vm.prank(bob);
        kith.acceptTransfer(aliceId);

        _assertKeyRevokedForAlicesProfile();
    }

    function test_AcceptTransferFor_RevokesAppKeys() public {
        _addAppKey(aliceId, appKey, Scopes.ALL, appKeyExpiry);
        _offerAliceToBob();
        _relaySigned(_acceptTransferForAction());
        _assertKeyRevokedForAlicesProfile();
    }

    function test_Recover_RevokesAppKeys() public {
        _addAppKey(aliceId, appKey, Scopes.ALL, appKeyExpiry);

        vm.expectEmit(address(kith));
        emit IKithAppKeys.AllAppKeysRevoked(aliceId);
        vm.expectEmit(address(kith));
        emit IKithProfiles.Recovered(aliceId, alice, dave);
        vm.prank(guardian);
        kith.recover(aliceId, dave);

        _assertKeyRevokedForAlicesProfile();
    }

    function test_RecoverFor_RevokesAppKeys() public {
        _addAppKey(aliceId, appKey, Scopes.ALL, appKeyExpiry);
        _relaySigned(_recoverForAction());
        _assertKeyRevokedForAlicesProfile();
    }

    /// @dev The new custody starts clean and may add its own keys; the old ones stay dead even if
    ///      the profile comes back to alice.
    function test_CustodyChange_NewCustodyAddsKeys_OldKeysStayRevoked() public {
        address bobsKey = makeAddr("bobsKey");
        _addAppKey(aliceId, appKey, Scopes.ALL, appKeyExpiry);
        _offerAliceToBob();
        vm.prank(bob);
        kith.acceptTransfer(aliceId);

        _addAppKey(aliceId, bobsKey, Scopes.POST, appKeyExpiry);
        vm.prank(bobsKey);
        kith.post(aliceId, CONTENT_HASH, URI);

        vm.prank(bob);
        kith.offerTransfer(aliceId, alice);
        vm.prank(alice);
        kith.acceptTransfer(aliceId);
        _assertAppKey(aliceId, appKey, 0, 0, false);
        _assertAppKey(aliceId, bobsKey, 0, 0, false);
        vm.prank(appKey);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        kith.post(aliceId, CONTENT_HASH, URI);
    }

    /// @dev An offer alone changes nothing: keys keep working until the transfer is accepted.
    function test_OfferTransfer_KeepsAppKeys() public {
        _addAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry);
        _offerAliceToBob();
        _assertAppKey(aliceId, appKey, Scopes.POST, appKeyExpiry, true);
        vm.prank(appKey);
        kith.post(aliceId, CONTENT_HASH, URI);
    }

    /*//////////////////////////////////////////////////////////////
                                HELPERS
    //////////////////////////////////////////////////////////////*/

    function _assertAppKey(uint256 profileId, address key, uint256 scopes, uint256 expiry, bool active)
        private
        view
    {
        (uint256 actualScopes, uint256 actualExpiry, bool actualActive) = kith.appKeyOf(profileId, key);
        assertEq(actualScopes, scopes, "scopes");
        assertEq(actualExpiry, expiry, "expiry");
        assertEq(actualActive, active, "active");
    }

    function _assertKeyRevokedForAlicesProfile() private {
        _assertAppKey(aliceId, appKey, 0, 0, false);
        vm.prank(appKey);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        kith.post(aliceId, CONTENT_HASH, URI);
        SignedAction memory a = _followForAction();
        _assertRejected(a, _signAction(a, appKeyPk, 0), _notAuthorized(aliceId, appKey));
    }
}
