// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {IKithTips} from "../../../contracts/interfaces/IKithTips.sol";
import {Scopes} from "../../../contracts/libraries/Scopes.sol";
import {FeeOnTransferToken} from "../mocks/tips/FeeOnTransferToken.sol";
import {KithTipsTestSuite} from "./KithTipsTestSuite.sol";

/// @notice Amounts, fees, signers and attributions drawn at random (runs: the config's fuzz runs).
contract KithTipsFuzzTest is KithTipsTestSuite {
    /// @dev Large enough for any real token supply, small enough that sums cannot overflow.
    uint256 internal constant MAX_TOKEN_AMOUNT = 1e36;

    /*//////////////////////////////////////////////////////////////
                                 AMOUNTS
    //////////////////////////////////////////////////////////////*/

    function testFuzz_Tip_CreditsExactly(uint256 first, uint256 second, uint160 postDigest) public {
        first = bound(first, 1, STARTING_FUNDS / 2);
        second = bound(second, 1, STARTING_FUNDS / 2);
        uint256 postId = (bobId << 160) | postDigest;

        _expectTipped(postId, 0, alice, ETH, first);
        _tip(alice, postId, 0, first);
        _tip(mallory, bobPostId, 0, second);

        assertEq(tips.balanceOf(bobId, ETH), first + second, "credited exactly");
        assertEq(address(tips).balance, first + second, "held exactly");
        assertEq(alice.balance, STARTING_FUNDS - first, "alice paid her tip");
        assertEq(mallory.balance, STARTING_FUNDS - second, "mallory paid hers");

        _withdraw(bob, bobId, ETH, dave);
        assertEq(dave.balance, first + second, "withdrawn exactly");
        assertEq(address(tips).balance, 0, "nothing left");
    }

    function testFuzz_TipToken_CreditsExactly(uint256 amount) public {
        amount = bound(amount, 1, MAX_TOKEN_AMOUNT);
        _fund(dave, address(token), amount);

        _expectTipped(carolPostId, 0, dave, address(token), amount);
        vm.prank(dave);
        tips.tipToken(carolPostId, 0, address(token), amount);

        assertEq(tips.balanceOf(carolId, address(token)), amount, "credited exactly");
        assertEq(token.balanceOf(address(tips)), amount, "held exactly");
        assertEq(token.balanceOf(dave), 0, "pulled exactly");
    }

    function testFuzz_TipToken_FeeOnTransfer_CreditsWhatArrived(uint256 amount, uint256 feeBps) public {
        amount = bound(amount, 1, MAX_TOKEN_AMOUNT);
        FeeOnTransferToken feeToken = new FeeOnTransferToken();
        feeToken.setFeeBps(bound(feeBps, 0, feeToken.BPS()));
        _fund(dave, address(feeToken), amount);
        uint256 arrives = amount - amount * feeToken.feeBps() / feeToken.BPS();

        if (arrives == 0) {
            vm.expectRevert(abi.encodeWithSelector(IKithTips.ZeroAmount.selector));
        } else {
            _expectTipped(carolPostId, 0, dave, address(feeToken), arrives);
        }
        vm.prank(dave);
        tips.tipToken(carolPostId, 0, address(feeToken), amount);

        assertEq(tips.balanceOf(carolId, address(feeToken)), arrives, "credited what arrived");
        assertEq(feeToken.balanceOf(address(tips)), arrives, "holds exactly the credit");
    }

    /*//////////////////////////////////////////////////////////////
                               ATTRIBUTION
    //////////////////////////////////////////////////////////////*/

    /// @dev alice's profile has one app key with random scopes and expiry, maybe revoked; a random
    ///      tipper attributes a tip to a random profile (or to none). The outcome follows the
    ///      documented rule: anonymous, or the profile's custody, or an active key with the tip scope.
    function testFuzz_Tip_FromProfileAuthorization(
        uint256 fromSeed,
        uint256 tipperSeed,
        uint256 scopes,
        uint256 keyLifetime,
        uint256 elapsed,
        bool revoked
    ) public {
        scopes = bound(scopes, 1, Scopes.ALL);
        uint256 expiry = START_TIME + bound(keyLifetime, 1, 365 days);
        _addAppKey(aliceId, appKey, scopes, expiry);
        if (revoked) {
            vm.prank(alice);
            kith.revokeAppKey(aliceId, appKey);
        }
        vm.warp(START_TIME + bound(elapsed, 0, 400 days));

        uint256[5] memory profiles = [uint256(0), aliceId, bobId, unregisteredId, fromSeed];
        uint256 fromProfileId = profiles[fromSeed % profiles.length];
        address[5] memory tippers = [alice, bob, appKey, mallory, guardian];
        address tipper = tippers[tipperSeed % tippers.length];
        vm.deal(tipper, TIP_AMOUNT);

        bool keyActive = !revoked && scopes & Scopes.TIP != 0 && block.timestamp < expiry;
        bool isCustody = fromProfileId != 0 && kith.custodyOf(fromProfileId) == tipper;
        bool allowed = fromProfileId == 0 || isCustody || (fromProfileId == aliceId && tipper == appKey && keyActive);

        if (allowed) {
            _expectTipped(bobPostId, fromProfileId, tipper, ETH, TIP_AMOUNT);
        } else {
            vm.expectRevert(_notAuthorized(fromProfileId, tipper));
        }
        _tip(tipper, bobPostId, fromProfileId, TIP_AMOUNT);

        assertEq(tips.balanceOf(bobId, ETH), allowed ? TIP_AMOUNT : 0, "credited iff allowed");
    }

    function testFuzz_Withdraw_RevertWhen_NotCustody(address caller) public {
        vm.assume(caller != bob);
        _tip(alice, bobPostId, 0, TIP_AMOUNT);

        vm.expectRevert(_notAuthorized(bobId, caller));
        vm.prank(caller);
        tips.withdraw(bobId, ETH, caller);
    }

    /*//////////////////////////////////////////////////////////////
                              SIGNED TIPS
    //////////////////////////////////////////////////////////////*/

    function testFuzz_TipTokenFor_AnyPayerKey(uint256 payerPk, uint256 amount, uint256 lifetime) public {
        payerPk = bound(payerPk, 1, SECP256K1_ORDER - 1);
        amount = bound(amount, 1, MAX_TOKEN_AMOUNT);
        uint256 deadline = START_TIME + bound(lifetime, 0, 365 days);
        address payer = vm.addr(payerPk);
        vm.assume(payer != relayer && payer != address(tips));
        uint256 payerBefore = token.balanceOf(payer);
        _fund(payer, address(token), amount);
        IKithSignatures.SignedAuth memory auth =
            _signTipToken(payerPk, carolPostId, 0, address(token), amount, deadline);

        _expectTipped(carolPostId, 0, payer, address(token), amount);
        _tipTokenFor(carolPostId, 0, address(token), amount, auth);

        assertEq(tips.balanceOf(carolId, address(token)), amount, "credited exactly");
        assertEq(token.balanceOf(payer), payerBefore, "the payer paid exactly");
        assertEq(token.balanceOf(relayer), STARTING_FUNDS, "the relayer paid nothing");
        assertEq(tips.nonces(payer, 0), 1, "nonce consumed");
    }
}
