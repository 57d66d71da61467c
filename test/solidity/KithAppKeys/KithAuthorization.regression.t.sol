// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithProfiles} from "../../../contracts/interfaces/IKithProfiles.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {Scopes} from "../../../contracts/libraries/Scopes.sol";
import {KithAppKeysTestSuite} from "./KithAppKeysTestSuite.sol";

/// @notice Regressions of two fixed authorization bugs:
///         1. A missing profile's custody reads as address(0), so a call from address(0) (an
///            `eth_call` without `from`, as wallets and indexers send) matched it and "acted" for a
///            profile that does not exist. It must revert UnknownProfile.
///         2. `cancelTransfer` with no pending offer succeeded and emitted `TransferCancelled`, which
///            the indexer takes as the end of an offer that never began. It must revert
///            NoPendingTransfer(profileId, custody).
contract KithAuthorizationRegressionTest is KithAppKeysTestSuite {
    uint256 private constant _UNKNOWN_ID = 99;

    /*//////////////////////////////////////////////////////////////
                   1. ZERO CALLER, UNKNOWN PROFILE
    //////////////////////////////////////////////////////////////*/

    function test_Follow_RevertWhen_ZeroCallerAndUnknownProfile() public {
        vm.prank(address(0));
        vm.expectRevert(_unknownProfile(_UNKNOWN_ID));
        kith.follow(_UNKNOWN_ID, bobId);
    }

    function test_Post_RevertWhen_ZeroCallerAndUnknownProfile() public {
        vm.prank(address(0));
        vm.expectRevert(_unknownProfile(_UNKNOWN_ID));
        kith.post(_UNKNOWN_ID, CONTENT_HASH, URI);
    }

    function test_ChangeMetadata_RevertWhen_ZeroCallerAndUnknownProfile() public {
        vm.prank(address(0));
        vm.expectRevert(_unknownProfile(_UNKNOWN_ID));
        kith.changeMetadata(_UNKNOWN_ID, NEW_METADATA_HASH);
    }

    /// @dev The same for every other function that authorizes a profile, scoped (app-key path) or
    ///      custody-only: the zero caller never passes for a missing profile, id 0 included.
    function test_EveryProfileAction_RevertWhen_ZeroCallerAndUnknownProfile() public {
        uint256[2] memory unknownIds = [0, _UNKNOWN_ID];
        for (uint256 u; u < unknownIds.length; ++u) {
            bytes[] memory calls = _profileCalls(unknownIds[u]);
            for (uint256 i; i < calls.length; ++i) {
                vm.prank(address(0));
                (bool ok, bytes memory returned) = address(kith).call(calls[i]);
                assertFalse(ok, vm.toString(bytes4(calls[i])));
                assertEq(returned, _unknownProfile(unknownIds[u]), vm.toString(bytes4(calls[i])));
            }
        }
    }

    /// @dev And for an existing profile the zero caller is simply not authorized.
    function test_EveryProfileAction_RevertWhen_ZeroCallerAndExistingProfile() public {
        bytes[] memory calls = _profileCalls(aliceId);
        for (uint256 i; i < calls.length; ++i) {
            vm.prank(address(0));
            (bool ok, bytes memory returned) = address(kith).call(calls[i]);
            assertFalse(ok, vm.toString(bytes4(calls[i])));
            assertEq(returned, _notAuthorized(aliceId, address(0)), vm.toString(bytes4(calls[i])));
        }
    }

    /// @dev The profile-less path of `_authorize` (app keys) must not find a "key" for address(0)
    ///      either, even on a profile that has app keys.
    function test_Post_RevertWhen_ZeroCallerAndProfileHasAppKeys() public {
        _addAppKey(aliceId, appKey, Scopes.ALL, appKeyExpiry);
        vm.prank(address(0));
        vm.expectRevert(_notAuthorized(aliceId, address(0)));
        kith.post(aliceId, CONTENT_HASH, URI);
    }

    /*//////////////////////////////////////////////////////////////
                  2. CANCEL TRANSFER WITHOUT AN OFFER
    //////////////////////////////////////////////////////////////*/

    function test_CancelTransfer_RevertWhen_NoPendingTransfer() public {
        _startRecordingLogs();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NoPendingTransfer.selector, aliceId, alice));
        kith.cancelTransfer(aliceId);
        assertEq(_countKithLogs(vm.getRecordedLogs()), 0, "no TransferCancelled");
    }

    /// @dev Also once the only offer is gone: cancelled already, or accepted.
    function test_CancelTransfer_RevertWhen_OfferAlreadyEnded() public {
        _offerAliceToBob();
        vm.prank(alice);
        kith.cancelTransfer(aliceId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NoPendingTransfer.selector, aliceId, alice));
        kith.cancelTransfer(aliceId);

        _offerAliceToBob();
        vm.prank(bob);
        kith.acceptTransfer(aliceId);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NoPendingTransfer.selector, aliceId, bob));
        kith.cancelTransfer(aliceId);
    }

    /// @dev The signed variant refuses the same way and leaves the signature's nonce unused.
    function test_CancelTransferFor_RevertWhen_NoPendingTransfer() public {
        SignedAction memory a = _cancelTransferForAction();
        IKithSignatures.SignedAuth memory auth = _signAction(a);
        _assertRejected(a, auth, abi.encodeWithSelector(IKithProfiles.NoPendingTransfer.selector, aliceId, alice));

        _offerAliceToBob();
        _relay(a, auth);
        assertEq(kith.pendingCustodyOf(aliceId), address(0), "the same signature cancels a real offer");
    }

    /*//////////////////////////////////////////////////////////////
                                HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev One call per function that authorizes its caller for `profileId`.
    function _profileCalls(uint256 profileId) private view returns (bytes[] memory calls) {
        calls = new bytes[](18);
        calls[0] = abi.encodeCall(kith.follow, (profileId, bobId));
        calls[1] = abi.encodeCall(kith.followBatch, (profileId, _ids(bobId)));
        calls[2] = abi.encodeCall(kith.unfollow, (profileId, bobId));
        calls[3] = abi.encodeCall(kith.unfollowBatch, (profileId, _ids(bobId)));
        calls[4] = abi.encodeCall(kith.blockProfile, (profileId, bobId));
        calls[5] = abi.encodeCall(kith.blockBatch, (profileId, _ids(bobId)));
        calls[6] = abi.encodeCall(kith.unblockProfile, (profileId, bobId));
        calls[7] = abi.encodeCall(kith.post, (profileId, CONTENT_HASH, URI));
        calls[8] = abi.encodeCall(kith.deletePost, (profileId, profileId << 160));
        calls[9] = abi.encodeCall(kith.changeMetadata, (profileId, NEW_METADATA_HASH));
        calls[10] = abi.encodeCall(kith.changeHandle, (profileId, "zero_handle"));
        calls[11] = abi.encodeCall(kith.offerTransfer, (profileId, bob));
        calls[12] = abi.encodeCall(kith.cancelTransfer, (profileId));
        calls[13] = abi.encodeCall(kith.changeRecovery, (profileId, bob));
        calls[14] = abi.encodeCall(kith.addAppKey, (profileId, appKey, Scopes.POST, appKeyExpiry));
        calls[15] = abi.encodeCall(kith.revokeAllAppKeys, (profileId));
        calls[16] = abi.encodeCall(kith.like, (profileId, bobPostId));
        calls[17] = abi.encodeCall(kith.unlike, (profileId, bobPostId));
    }

    function _unknownProfile(uint256 profileId) private pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, profileId);
    }
}
