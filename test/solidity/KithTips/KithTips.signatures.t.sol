// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";

import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {IKithTips} from "../../../contracts/interfaces/IKithTips.sol";
import {Scopes} from "../../../contracts/libraries/Scopes.sol";
import {KithTipsTestSuite} from "./KithTipsTestSuite.sol";
import {TypedData} from "../TypedData.sol";

/// @notice `tipTokenFor`: a relayer submits a token tip signed by the payer, under the "Kith Tips"
///         domain, with the payer's nonces on KithTips (not on Kith).
contract KithTipsSignaturesTest is KithTipsTestSuite {
    uint256 internal constant AMOUNT = 12e18;

    uint256 internal deadline;

    function setUp() public override {
        super.setUp();
        deadline = START_TIME + 1 hours;
        _approve(alice, address(token), AMOUNT);
    }

    /// @dev A token tip of `token`, valid until `deadline`.
    function _sign(uint256 signerPk, uint256 postId, uint256 fromProfileId, uint256 amount)
        internal
        view
        returns (IKithSignatures.SignedAuth memory)
    {
        return _signTipToken(signerPk, postId, fromProfileId, address(token), amount, deadline);
    }

    /// @dev alice's anonymous tip of AMOUNT to bob's post over `nonce`.
    function _signAt(uint256 nonce) internal view returns (IKithSignatures.SignedAuth memory) {
        bytes32 structHash = _tipTokenStructHash(bobPostId, 0, address(token), AMOUNT, nonce, deadline);
        return TypedData.sign(alicePk, _tipsDomainSeparator(), structHash, nonce, deadline);
    }

    /// @dev Submits `auth` (alice's anonymous tip of AMOUNT to bob's post) and asserts it is refused
    ///      naming alice's current nonce of `lane`, moving no funds and no nonce.
    function _assertRefusedForNonce(IKithSignatures.SignedAuth memory auth, uint128 lane) internal {
        uint256 nonce = tips.nonces(alice, lane);
        vm.expectRevert(_nonceError(alice, nonce));
        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, auth);
        assertEq(tips.nonces(alice, lane), nonce, "nonce kept");
        assertEq(tips.balanceOf(bobId, address(token)), 0, "nothing credited");
        assertEq(token.balanceOf(alice), STARTING_FUNDS, "alice paid nothing");
    }

    function _nonceError(address account, uint256 currentNonce) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithSignatures.InvalidAccountNonce.selector, account, currentNonce);
    }

    /*//////////////////////////////////////////////////////////////
                                 SUCCESS
    //////////////////////////////////////////////////////////////*/

    function test_TipTokenFor_RelayerSubmitsPayersTip() public {
        IKithSignatures.SignedAuth memory auth = _sign(alicePk, bobPostId, aliceId, AMOUNT);

        _expectTipped(bobPostId, aliceId, alice, address(token), AMOUNT);
        _tipTokenFor(bobPostId, aliceId, address(token), AMOUNT, auth);

        assertEq(tips.balanceOf(bobId, address(token)), AMOUNT, "bob credited");
        assertEq(token.balanceOf(alice), STARTING_FUNDS - AMOUNT, "alice paid");
        assertEq(token.balanceOf(relayer), STARTING_FUNDS, "the relayer paid nothing");
        assertEq(tips.nonces(alice, 0), 1, "alice's nonce on KithTips consumed");
        assertEq(kith.nonces(alice, 0), 0, "alice's nonce on Kith untouched");
    }

    function test_TipTokenFor_Anonymous() public {
        IKithSignatures.SignedAuth memory auth = _sign(alicePk, bobPostId, 0, AMOUNT);

        _expectTipped(bobPostId, 0, alice, address(token), AMOUNT);
        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, auth);
    }

    function test_TipTokenFor_UsesPayersAllowanceNotRelayers() public {
        // The relayer holds tokens and has approved far more; alice has approved nothing.
        _approve(alice, address(token), 0);
        _approve(relayer, address(token), type(uint256).max);
        IKithSignatures.SignedAuth memory auth = _sign(alicePk, bobPostId, 0, AMOUNT);

        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(tips), 0, AMOUNT)
        );
        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, auth);

        _approve(alice, address(token), AMOUNT);
        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, auth);
        assertEq(token.allowance(alice, address(tips)), 0, "alice's allowance spent");
        assertEq(token.allowance(relayer, address(tips)), type(uint256).max, "relayer's allowance untouched");
        assertEq(token.balanceOf(relayer), STARTING_FUNDS, "relayer's tokens untouched");
    }

    function test_TipTokenFor_SignedByAppKeyWithTipScope() public {
        _addAppKey(aliceId, appKey, Scopes.TIP, START_TIME + 1 days);
        _approve(appKey, address(token), AMOUNT);
        IKithSignatures.SignedAuth memory auth = _sign(appKeyPk, bobPostId, aliceId, AMOUNT);

        _expectTipped(bobPostId, aliceId, appKey, address(token), AMOUNT);
        _tipTokenFor(bobPostId, aliceId, address(token), AMOUNT, auth);

        assertEq(token.balanceOf(appKey), STARTING_FUNDS - AMOUNT, "the signing key pays");
    }

    function test_TipTokenFor_ValidAtDeadline() public {
        IKithSignatures.SignedAuth memory auth = _sign(alicePk, bobPostId, 0, AMOUNT);
        vm.warp(deadline);

        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, auth);
        assertEq(tips.balanceOf(bobId, address(token)), AMOUNT);
    }

    /*//////////////////////////////////////////////////////////////
                                REJECTIONS
    //////////////////////////////////////////////////////////////*/

    function test_TipTokenFor_RevertWhen_Replayed() public {
        _approve(alice, address(token), 2 * AMOUNT);
        IKithSignatures.SignedAuth memory auth = _sign(alicePk, bobPostId, 0, AMOUNT);
        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, auth);

        vm.expectRevert(_nonceError(alice, 1));
        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, auth);
        assertEq(tips.balanceOf(bobId, address(token)), AMOUNT, "credited once");
    }

    function test_TipTokenFor_RevertWhen_Expired() public {
        IKithSignatures.SignedAuth memory auth = _sign(alicePk, bobPostId, 0, AMOUNT);
        vm.warp(deadline + 1);

        vm.expectRevert(abi.encodeWithSelector(IKithSignatures.SignatureExpired.selector, deadline));
        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, auth);
    }

    function test_TipTokenFor_RevertWhen_SignedBySomeoneElse() public {
        // mallory signs, the auth claims alice: alice's tokens would move.
        IKithSignatures.SignedAuth memory auth = _sign(malloryPk, bobPostId, 0, AMOUNT);
        auth.signer = alice;
        auth.nonce = tips.nonces(alice, 0);

        vm.expectRevert(abi.encodeWithSelector(IKithSignatures.InvalidSignature.selector));
        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, auth);
        assertEq(token.balanceOf(alice), STARTING_FUNDS, "alice's tokens untouched");
    }

    function test_TipTokenFor_RevertWhen_RelayerChangesAnyField() public {
        IKithSignatures.SignedAuth memory auth = _sign(alicePk, bobPostId, aliceId, AMOUNT);
        bytes memory invalid = abi.encodeWithSelector(IKithSignatures.InvalidSignature.selector);

        vm.expectRevert(invalid);
        _tipTokenFor(carolPostId, aliceId, address(token), AMOUNT, auth);
        vm.expectRevert(invalid);
        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, auth);
        vm.expectRevert(invalid);
        _tipTokenFor(bobPostId, aliceId, address(token), AMOUNT - 1, auth);
        vm.expectRevert(invalid);
        _tipTokenFor(bobPostId, aliceId, address(0xBEEF), AMOUNT, auth);
        auth.deadline = deadline + 1;
        vm.expectRevert(invalid);
        _tipTokenFor(bobPostId, aliceId, address(token), AMOUNT, auth);
    }

    function test_TipTokenFor_RevertWhen_SignedUnderKithDomain() public {
        uint256 nonce = tips.nonces(alice, 0);
        bytes32 structHash = _tipTokenStructHash(bobPostId, 0, address(token), AMOUNT, nonce, deadline);
        IKithSignatures.SignedAuth memory auth =
            TypedData.sign(alicePk, TypedData.domainSeparator(IERC5267(address(kith))), structHash, nonce, deadline);

        vm.expectRevert(abi.encodeWithSelector(IKithSignatures.InvalidSignature.selector));
        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, auth);
    }

    function test_TipTokenFor_RevertWhen_SignerNotAuthorizedForProfile() public {
        _approve(mallory, address(token), AMOUNT);
        IKithSignatures.SignedAuth memory auth = _sign(malloryPk, bobPostId, aliceId, AMOUNT);

        vm.expectRevert(_notAuthorized(aliceId, mallory));
        _tipTokenFor(bobPostId, aliceId, address(token), AMOUNT, auth);
    }

    function test_TipTokenFor_RevertWhen_AppKeyLacksTipScope() public {
        _addAppKey(aliceId, appKey, Scopes.ALL & ~Scopes.TIP, START_TIME + 1 days);
        _approve(appKey, address(token), AMOUNT);
        IKithSignatures.SignedAuth memory auth = _sign(appKeyPk, bobPostId, aliceId, AMOUNT);

        vm.expectRevert(_notAuthorized(aliceId, appKey));
        _tipTokenFor(bobPostId, aliceId, address(token), AMOUNT, auth);
    }

    function test_TipTokenFor_RevertWhen_AllSignaturesCancelled() public {
        IKithSignatures.SignedAuth memory auth = _sign(alicePk, bobPostId, 0, AMOUNT);
        vm.prank(alice);
        tips.cancelAllSignatures();

        vm.expectRevert(_nonceError(alice, tips.nonces(alice, 0)));
        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, auth);
    }

    /// @dev KithTips keeps its own nonces with Kith's rules: a tip signed in advance for the epoch
    ///      after the current one is refused before alice's cancel-all and after it.
    function test_TipTokenFor_RevertWhen_PreSignedForNextEpoch() public {
        uint128[2] memory lanes = [uint128(0), 1];
        IKithSignatures.SignedAuth[2] memory presigned;
        for (uint256 l; l < lanes.length; ++l) {
            uint256 nextEpoch = uint64((tips.nonces(alice, lanes[l]) >> 192) + 1);
            presigned[l] = _signAt(_firstNonceInEpoch(tips, alice, lanes[l], nextEpoch));
            _assertRefusedForNonce(presigned[l], lanes[l]);
        }
        vm.prank(alice);
        tips.cancelAllSignatures();
        for (uint256 l; l < lanes.length; ++l) {
            _assertRefusedForNonce(presigned[l], lanes[l]);
        }
        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, _sign(alicePk, bobPostId, 0, AMOUNT));
        assertEq(tips.balanceOf(bobId, address(token)), AMOUNT, "the new epoch's nonce works");
    }

    /// @dev A cancel of lane 0 on KithTips voids the next tip and those signed for the sequences
    ///      after it; the lane goes on from the nonce `nonces()` reports.
    function test_TipTokenFor_RevertWhen_PreSignedForLaterSequences() public {
        uint256 nonce = tips.nonces(alice, 0);
        uint256[4] memory aheads = [uint256(0), 1, 2, 100];
        IKithSignatures.SignedAuth[4] memory presigned;
        for (uint256 i; i < aheads.length; ++i) {
            presigned[i] = _signAt(nonce + aheads[i]);
        }
        uint256 next = _nonceAfterCancel(tips, alice, 0);
        vm.expectEmit(address(tips));
        emit IKithSignatures.NonceCancelled(alice, nonce, next);
        vm.prank(alice);
        tips.cancelNonce(0);
        assertEq(tips.nonces(alice, 0), next, "nonces() reports nextNonce");
        for (uint256 i; i < aheads.length; ++i) {
            _assertRefusedForNonce(presigned[i], 0);
        }
        _tipTokenFor(bobPostId, 0, address(token), AMOUNT, _signAt(next));
        assertEq(tips.nonces(alice, 0), next + 1, "the lane goes on");
    }

    /// @dev The two contracts' nonces are separate: cancelling on one leaves the other's alone.
    function test_Cancels_StayOnTheirContract() public {
        uint256 epoch = _epochAfterCancelAll(tips, alice);
        vm.expectEmit(address(tips));
        emit IKithSignatures.SignaturesCancelled(alice, epoch);
        vm.startPrank(alice);
        tips.cancelAllSignatures();
        tips.cancelNonce(0);
        vm.stopPrank();
        assertEq(tips.nonces(alice, 0) >> 192, epoch, "KithTips: new epoch");
        assertEq(kith.nonces(alice, 0), 0, "Kith: untouched");

        vm.prank(alice);
        kith.cancelAllSignatures();
        assertEq(tips.nonces(alice, 0) >> 192, epoch, "KithTips: untouched by Kith's cancel-all");
    }

    function test_TipTokenFor_RevertWhen_UnknownPost() public {
        uint256 postId = unregisteredId << 160;
        IKithSignatures.SignedAuth memory auth = _sign(alicePk, postId, 0, AMOUNT);

        vm.expectRevert(_unknownPost(postId));
        _tipTokenFor(postId, 0, address(token), AMOUNT, auth);
        assertEq(tips.nonces(alice, 0), 0, "revert leaves the nonce unused");
    }

    function test_TipTokenFor_RevertWhen_ZeroAmount() public {
        IKithSignatures.SignedAuth memory auth = _sign(alicePk, bobPostId, 0, 0);

        vm.expectRevert(abi.encodeWithSelector(IKithTips.ZeroAmount.selector));
        _tipTokenFor(bobPostId, 0, address(token), 0, auth);
    }
}
