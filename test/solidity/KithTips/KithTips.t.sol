// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {Vm} from "forge-std/Vm.sol";

import {IKithTips} from "../../../contracts/interfaces/IKithTips.sol";
import {Scopes} from "../../../contracts/libraries/Scopes.sol";
import {KithTipsTestSuite} from "./KithTipsTestSuite.sol";
import {TypedData} from "../TypedData.sol";

/// @notice Tips in ETH and ERC-20 credit the author's profile; who may attribute a tip to a
///         profile; who may withdraw, and what a withdrawal moves.
contract KithTipsTest is KithTipsTestSuite {
    /*//////////////////////////////////////////////////////////////
                                 CONFIG
    //////////////////////////////////////////////////////////////*/

    function test_Kith_IsTheProfilesContract() public view {
        assertEq(tips.kith(), address(kith));
    }

    function test_TipTokenTypehash_MatchesDocumentedType() public view {
        assertEq(tips.TIP_TOKEN_TYPEHASH(), keccak256(bytes(TIP_TOKEN_TYPE)));
    }

    function test_Eip712Domain_IsKithTipsOnThisChain() public view {
        (bytes1 fields, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            tips.eip712Domain();
        assertEq(fields, hex"0f", "name, version, chainId, verifyingContract");
        assertEq(name, "Kith Tips");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifyingContract, address(tips));
        assertEq(TypedData.domainSeparator(IERC5267(address(tips))), _tipsDomainSeparator(), "separator");
        assertNotEq(_tipsDomainSeparator(), TypedData.domainSeparator(IERC5267(address(kith))), "not Kith's domain");
    }

    /*//////////////////////////////////////////////////////////////
                                TIP (ETH)
    //////////////////////////////////////////////////////////////*/

    function test_Tip_CreditsAuthorProfileNotAddress() public {
        uint256 bobAddressBefore = bob.balance;

        _tip(alice, bobPostId, 0, TIP_AMOUNT);

        assertEq(tips.balanceOf(bobId, ETH), TIP_AMOUNT, "bob's profile credited");
        assertEq(address(tips).balance, TIP_AMOUNT, "held by the tips contract");
        assertEq(alice.balance, STARTING_FUNDS - TIP_AMOUNT, "paid by alice");
        assertEq(bob.balance, bobAddressBefore, "nothing pushed to bob's address");
        assertEq(tips.balanceOf(bobId, address(token)), 0, "token balance untouched");
        assertEq(tips.balanceOf(carolId, ETH), 0, "other authors untouched");
    }

    function test_Tip_Anonymous_EmitsTipped() public {
        _expectTipped(bobPostId, 0, alice, ETH, TIP_AMOUNT);
        _tip(alice, bobPostId, 0, TIP_AMOUNT);
    }

    function test_Tip_AsOwnProfile_EmitsTippedFromProfile() public {
        _expectTipped(bobPostId, aliceId, alice, ETH, TIP_AMOUNT);
        _tip(alice, bobPostId, aliceId, TIP_AMOUNT);

        assertEq(tips.balanceOf(bobId, ETH), TIP_AMOUNT);
    }

    function test_Tip_AccumulatesAcrossPostsAndTippers() public {
        uint256 bobSecondPostId = _post(bobId, SECOND_HASH);

        _tip(alice, bobPostId, aliceId, 1 ether);
        _tip(mallory, bobSecondPostId, 0, 2 ether);
        _tip(carol, bobPostId, carolId, 3 ether);
        _tip(alice, carolPostId, 0, 5 ether);

        assertEq(tips.balanceOf(bobId, ETH), 6 ether, "bob: both posts, three tippers");
        assertEq(tips.balanceOf(carolId, ETH), 5 ether, "carol");
        assertEq(address(tips).balance, 11 ether, "held");
    }

    function test_Tip_AuthorCanTipOwnPost() public {
        _expectTipped(bobPostId, bobId, bob, ETH, TIP_AMOUNT);
        _tip(bob, bobPostId, bobId, TIP_AMOUNT);

        assertEq(tips.balanceOf(bobId, ETH), TIP_AMOUNT);
    }

    /// @dev Nothing is stored per post: any id whose author part is registered is accepted and
    ///      credits that author, even if no `Posted` ever had that id.
    function test_Tip_IdNeverPostedStillCreditsEncodedAuthor() public {
        uint256 fabricatedId = (bobId << 160) | 0xdead;

        _expectTipped(fabricatedId, 0, alice, ETH, TIP_AMOUNT);
        _tip(alice, fabricatedId, 0, TIP_AMOUNT);

        assertEq(tips.balanceOf(bobId, ETH), TIP_AMOUNT);
    }

    function test_Tip_RevertWhen_ZeroAmount() public {
        vm.expectRevert(abi.encodeWithSelector(IKithTips.ZeroAmount.selector));
        _tip(alice, bobPostId, 0, 0);
    }

    function test_Tip_RevertWhen_ZeroAmountToUnknownPost_ReportsZeroAmountFirst() public {
        vm.expectRevert(abi.encodeWithSelector(IKithTips.ZeroAmount.selector));
        _tip(alice, uint256(unregisteredId) << 160, 0, 0);
    }

    function test_Tip_RevertWhen_AuthorPartIsZero() public {
        uint256[3] memory ids = [uint256(0), 1, type(uint160).max];
        for (uint256 i; i < ids.length; ++i) {
            vm.expectRevert(_unknownPost(ids[i]));
            _tip(alice, ids[i], 0, TIP_AMOUNT);
        }
        assertEq(address(tips).balance, 0);
    }

    function test_Tip_RevertWhen_AuthorUnregistered() public {
        uint256[3] memory ids = [
            unregisteredId << 160,
            (unregisteredId << 160) | uint160(bobPostId),
            type(uint256).max // author 2**96 - 1
        ];
        for (uint256 i; i < ids.length; ++i) {
            vm.expectRevert(_unknownPost(ids[i]));
            _tip(alice, ids[i], 0, TIP_AMOUNT);
        }
        assertEq(address(tips).balance, 0);
    }

    /*//////////////////////////////////////////////////////////////
                        TIP ATTRIBUTION (fromProfileId)
    //////////////////////////////////////////////////////////////*/

    function test_Tip_ByAppKeyWithTipScope_AttributedToProfile() public {
        _addAppKey(aliceId, appKey, Scopes.TIP, START_TIME + 1 days);

        _expectTipped(bobPostId, aliceId, appKey, ETH, TIP_AMOUNT);
        _tip(appKey, bobPostId, aliceId, TIP_AMOUNT);

        assertEq(tips.balanceOf(bobId, ETH), TIP_AMOUNT, "credited");
        assertEq(appKey.balance, STARTING_FUNDS - TIP_AMOUNT, "the app key pays, not alice");
        assertEq(alice.balance, STARTING_FUNDS, "alice pays nothing");
    }

    function test_Tip_RevertWhen_AppKeyLacksTipScope() public {
        _addAppKey(aliceId, appKey, Scopes.ALL & ~Scopes.TIP, START_TIME + 1 days);

        vm.expectRevert(_notAuthorized(aliceId, appKey));
        _tip(appKey, bobPostId, aliceId, TIP_AMOUNT);
    }

    function test_Tip_AppKeyWithoutTipScope_MayStillTipAnonymously() public {
        _addAppKey(aliceId, appKey, Scopes.REACT, START_TIME + 1 days);

        _expectTipped(bobPostId, 0, appKey, ETH, TIP_AMOUNT);
        _tip(appKey, bobPostId, 0, TIP_AMOUNT);
    }

    function test_Tip_RevertWhen_AppKeyExpired() public {
        uint256 expiry = START_TIME + 1 days;
        _addAppKey(aliceId, appKey, Scopes.TIP, expiry);

        vm.warp(expiry - 1);
        _tip(appKey, bobPostId, aliceId, TIP_AMOUNT); // last second of validity

        vm.warp(expiry);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        _tip(appKey, bobPostId, aliceId, TIP_AMOUNT);
        assertEq(tips.balanceOf(bobId, ETH), TIP_AMOUNT, "only the tip before expiry");
    }

    function test_Tip_RevertWhen_AppKeyRevoked() public {
        _addAppKey(aliceId, appKey, Scopes.TIP, START_TIME + 1 days);
        vm.prank(alice);
        kith.revokeAppKey(aliceId, appKey);

        vm.expectRevert(_notAuthorized(aliceId, appKey));
        _tip(appKey, bobPostId, aliceId, TIP_AMOUNT);
    }

    function test_Tip_RevertWhen_AllAppKeysRevoked() public {
        _addAppKey(aliceId, appKey, Scopes.TIP, START_TIME + 1 days);
        vm.prank(alice);
        kith.revokeAllAppKeys(aliceId);

        vm.expectRevert(_notAuthorized(aliceId, appKey));
        _tip(appKey, bobPostId, aliceId, TIP_AMOUNT);
    }

    function test_Tip_RevertWhen_AppKeyOfPreviousCustody() public {
        _addAppKey(aliceId, appKey, Scopes.TIP, START_TIME + 1 days);
        vm.prank(alice);
        kith.offerTransfer(aliceId, dave);
        vm.prank(dave);
        kith.acceptTransfer(aliceId);

        vm.expectRevert(_notAuthorized(aliceId, appKey));
        _tip(appKey, bobPostId, aliceId, TIP_AMOUNT);
        vm.expectRevert(_notAuthorized(aliceId, alice));
        _tip(alice, bobPostId, aliceId, TIP_AMOUNT);

        _expectTipped(bobPostId, aliceId, dave, ETH, TIP_AMOUNT);
        vm.deal(dave, TIP_AMOUNT);
        _tip(dave, bobPostId, aliceId, TIP_AMOUNT);
    }

    function test_Tip_RevertWhen_AppKeyOfAnotherProfile() public {
        _addAppKey(bobId, appKey, Scopes.ALL, START_TIME + 1 days);

        vm.expectRevert(_notAuthorized(aliceId, appKey));
        _tip(appKey, bobPostId, aliceId, TIP_AMOUNT);
    }

    function test_Tip_RevertWhen_SomeoneElsesProfile() public {
        vm.expectRevert(_notAuthorized(aliceId, mallory));
        _tip(mallory, bobPostId, aliceId, TIP_AMOUNT);

        vm.expectRevert(_notAuthorized(aliceId, bob));
        _tip(bob, bobPostId, aliceId, TIP_AMOUNT);

        // The recovery address can take the profile over, but until then it is not its custody.
        vm.deal(guardian, TIP_AMOUNT);
        vm.expectRevert(_notAuthorized(aliceId, guardian));
        _tip(guardian, bobPostId, aliceId, TIP_AMOUNT);
    }

    function test_Tip_RevertWhen_FromProfileUnregistered() public {
        vm.expectRevert(_notAuthorized(unregisteredId, mallory));
        _tip(mallory, bobPostId, unregisteredId, TIP_AMOUNT);
    }

    /*//////////////////////////////////////////////////////////////
                               TIP TOKEN
    //////////////////////////////////////////////////////////////*/

    function test_TipToken_CreditsAuthorProfile() public {
        _tipToken(alice, address(token), bobPostId, 0, 25e18);

        assertEq(tips.balanceOf(bobId, address(token)), 25e18, "bob's profile credited");
        assertEq(token.balanceOf(address(tips)), 25e18, "held by the tips contract");
        assertEq(token.balanceOf(alice), STARTING_FUNDS - 25e18, "pulled from alice");
        assertEq(token.balanceOf(bob), STARTING_FUNDS, "nothing pushed to bob's address");
        assertEq(token.allowance(alice, address(tips)), 0, "allowance spent");
        assertEq(tips.balanceOf(bobId, ETH), 0, "ETH balance untouched");
    }

    function test_TipToken_EmitsTipped() public {
        _approve(alice, address(token), 25e18);

        _expectTipped(bobPostId, aliceId, alice, address(token), 25e18);
        vm.prank(alice);
        tips.tipToken(bobPostId, aliceId, address(token), 25e18);
    }

    function test_TipToken_ByAppKeyWithTipScope() public {
        _addAppKey(aliceId, appKey, Scopes.TIP, START_TIME + 1 days);
        _approve(appKey, address(token), 7e18);

        _expectTipped(bobPostId, aliceId, appKey, address(token), 7e18);
        vm.prank(appKey);
        tips.tipToken(bobPostId, aliceId, address(token), 7e18);

        assertEq(token.balanceOf(appKey), STARTING_FUNDS - 7e18, "the app key pays");
    }

    function test_TipToken_RevertWhen_AppKeyLacksTipScope() public {
        _addAppKey(aliceId, appKey, Scopes.REACT | Scopes.POST, START_TIME + 1 days);
        _approve(appKey, address(token), 7e18);

        vm.expectRevert(_notAuthorized(aliceId, appKey));
        vm.prank(appKey);
        tips.tipToken(bobPostId, aliceId, address(token), 7e18);
    }

    function test_TipToken_RevertWhen_SomeoneElsesProfile() public {
        _approve(mallory, address(token), 7e18);

        vm.expectRevert(_notAuthorized(bobId, mallory));
        vm.prank(mallory);
        tips.tipToken(carolPostId, bobId, address(token), 7e18);
    }

    function test_TipToken_RevertWhen_ZeroAmount() public {
        vm.expectRevert(abi.encodeWithSelector(IKithTips.ZeroAmount.selector));
        vm.prank(alice);
        tips.tipToken(bobPostId, 0, address(token), 0);
    }

    function test_TipToken_RevertWhen_UnknownPost() public {
        uint256[2] memory ids = [uint256(type(uint160).max), unregisteredId << 160 | 1];
        _approve(alice, address(token), 1e18);
        for (uint256 i; i < ids.length; ++i) {
            vm.expectRevert(_unknownPost(ids[i]));
            vm.prank(alice);
            tips.tipToken(ids[i], 0, address(token), 1e18);
        }
        assertEq(token.balanceOf(address(tips)), 0, "nothing kept");
        assertEq(token.balanceOf(alice), STARTING_FUNDS, "nothing taken");
    }

    function test_TipToken_RevertWhen_NotApproved() public {
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(tips), 0, 1e18)
        );
        vm.prank(alice);
        tips.tipToken(bobPostId, 0, address(token), 1e18);
    }

    /*//////////////////////////////////////////////////////////////
                                WITHDRAW
    //////////////////////////////////////////////////////////////*/

    function test_Withdraw_SendsWholeEthBalance() public {
        address vault = makeAddr("bobVault");
        _tip(alice, bobPostId, 0, 1 ether);
        _tip(mallory, bobPostId, 0, 2 ether);
        _tip(alice, carolPostId, 0, 4 ether);

        _withdraw(bob, bobId, ETH, vault);

        assertEq(vault.balance, 3 ether, "whole balance to the recipient");
        assertEq(tips.balanceOf(bobId, ETH), 0, "zeroed");
        assertEq(address(tips).balance, 4 ether, "carol's tips stay");
        assertEq(tips.balanceOf(carolId, ETH), 4 ether, "carol's balance untouched");
    }

    function test_Withdraw_EmitsWithdrawn() public {
        address vault = makeAddr("bobVault");
        _tip(alice, bobPostId, 0, 3 ether);

        vm.expectEmit(address(tips));
        emit IKithTips.Withdrawn(bobId, ETH, vault, 3 ether);
        _withdraw(bob, bobId, ETH, vault);
    }

    function test_Withdraw_SendsWholeTokenBalance() public {
        _tipToken(alice, address(token), bobPostId, 0, 10e18);
        _tipToken(carol, address(token), bobPostId, carolId, 5e18);
        _tip(alice, bobPostId, 0, 1 ether);

        vm.expectEmit(address(tips));
        emit IKithTips.Withdrawn(bobId, address(token), bob, 15e18);
        _withdraw(bob, bobId, address(token), bob);

        assertEq(token.balanceOf(bob), STARTING_FUNDS + 15e18, "whole token balance");
        assertEq(token.balanceOf(address(tips)), 0, "none left");
        assertEq(tips.balanceOf(bobId, address(token)), 0, "zeroed");
        assertEq(tips.balanceOf(bobId, ETH), 1 ether, "ETH balance untouched");
    }

    /// @dev Effects before the interaction: the `Withdrawn` log precedes the token's `Transfer`.
    function test_Withdraw_EmitsWithdrawnBeforeTokenTransfer() public {
        _tipToken(alice, address(token), bobPostId, 0, 10e18);

        vm.recordLogs();
        _withdraw(bob, bobId, address(token), bob);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(logs.length, 2, "two logs");
        assertEq(logs[0].emitter, address(tips), "first: tips");
        assertEq(logs[0].topics[0], IKithTips.Withdrawn.selector, "first: Withdrawn");
        assertEq(logs[1].emitter, address(token), "second: token");
        assertEq(logs[1].topics[0], IERC20.Transfer.selector, "second: Transfer");
    }

    function test_Withdraw_RevertWhen_NotCustody() public {
        _tip(alice, bobPostId, 0, 1 ether);
        address[3] memory callers = [mallory, alice, guardian];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(_notAuthorized(bobId, callers[i]));
            vm.prank(callers[i]);
            tips.withdraw(bobId, ETH, callers[i]);
        }
        assertEq(tips.balanceOf(bobId, ETH), 1 ether, "still there");
    }

    function test_Withdraw_RevertWhen_AppKeyEvenWithEveryScope() public {
        uint256 alicePostId = _post(aliceId, CONTENT_HASH);
        _tip(bob, alicePostId, 0, 1 ether);
        _tipToken(bob, address(token), alicePostId, 0, 1e18);
        _addAppKey(aliceId, appKey, Scopes.ALL, START_TIME + 1 days);

        vm.expectRevert(_notAuthorized(aliceId, appKey));
        vm.prank(appKey);
        tips.withdraw(aliceId, ETH, appKey);

        vm.expectRevert(_notAuthorized(aliceId, appKey));
        vm.prank(appKey);
        tips.withdraw(aliceId, address(token), alice);
    }

    function test_Withdraw_RevertWhen_ProfileUnregistered() public {
        vm.expectRevert(_notAuthorized(unregisteredId, mallory));
        vm.prank(mallory);
        tips.withdraw(unregisteredId, ETH, mallory);
    }

    function test_Withdraw_RevertWhen_RecipientIsZero() public {
        _tip(alice, bobPostId, 0, 1 ether);

        vm.expectRevert(abi.encodeWithSelector(IKithTips.InvalidRecipient.selector, address(0)));
        _withdraw(bob, bobId, ETH, address(0));
    }

    function test_Withdraw_RevertWhen_RecipientIsTheTipsContract() public {
        _tip(alice, bobPostId, 0, 1 ether);

        vm.expectRevert(abi.encodeWithSelector(IKithTips.InvalidRecipient.selector, address(tips)));
        _withdraw(bob, bobId, ETH, address(tips));
        assertEq(tips.balanceOf(bobId, ETH), 1 ether);
    }

    function test_Withdraw_ChecksCustodyBeforeRecipient() public {
        _tip(alice, bobPostId, 0, 1 ether);

        vm.expectRevert(_notAuthorized(bobId, mallory));
        vm.prank(mallory);
        tips.withdraw(bobId, ETH, address(0));
    }

    function test_Withdraw_RevertWhen_NothingToWithdraw() public {
        vm.expectRevert(abi.encodeWithSelector(IKithTips.NothingToWithdraw.selector, bobId, ETH));
        _withdraw(bob, bobId, ETH, bob);

        // A balance in one token is not a balance in another.
        _tip(alice, bobPostId, 0, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IKithTips.NothingToWithdraw.selector, bobId, address(token)));
        _withdraw(bob, bobId, address(token), bob);

        // Nor twice.
        _withdraw(bob, bobId, ETH, bob);
        vm.expectRevert(abi.encodeWithSelector(IKithTips.NothingToWithdraw.selector, bobId, ETH));
        _withdraw(bob, bobId, ETH, bob);
    }

    /*//////////////////////////////////////////////////////////////
                             CUSTODY CHANGES
    //////////////////////////////////////////////////////////////*/

    function test_Withdraw_AfterTransfer_NewCustodyWithdrawsOldBalance() public {
        _tip(alice, bobPostId, 0, 2 ether);
        _tipToken(alice, address(token), bobPostId, 0, 3e18);
        vm.prank(bob);
        kith.offerTransfer(bobId, dave);

        // An offer alone moves nothing.
        vm.expectRevert(_notAuthorized(bobId, dave));
        vm.prank(dave);
        tips.withdraw(bobId, ETH, dave);

        vm.prank(dave);
        kith.acceptTransfer(bobId);

        vm.expectRevert(_notAuthorized(bobId, bob));
        vm.prank(bob);
        tips.withdraw(bobId, ETH, bob);

        uint256 bobEthBefore = bob.balance;
        vm.prank(dave);
        tips.withdraw(bobId, ETH, dave);
        vm.prank(dave);
        tips.withdraw(bobId, address(token), dave);

        assertEq(dave.balance, 2 ether, "tips made before the transfer go to the new custody");
        assertEq(token.balanceOf(dave), 3e18, "token too");
        assertEq(bob.balance, bobEthBefore, "old custody gets nothing");
        assertEq(tips.balanceOf(bobId, ETH) + tips.balanceOf(bobId, address(token)), 0, "zeroed");
    }

    function test_Withdraw_AfterRecovery_RecoveredCustodyWithdraws() public {
        uint256 alicePostId = _post(aliceId, CONTENT_HASH);
        _tip(bob, alicePostId, 0, 2 ether);
        vm.prank(guardian);
        kith.recover(aliceId, dave);

        vm.expectRevert(_notAuthorized(aliceId, alice));
        vm.prank(alice);
        tips.withdraw(aliceId, ETH, alice);

        vm.prank(dave);
        tips.withdraw(aliceId, ETH, dave);
        assertEq(dave.balance, 2 ether);
    }
}
