// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {Kith} from "../../../../contracts/Kith.sol";
import {KithTips} from "../../../../contracts/KithTips.sol";
import {TestToken} from "../../mocks/TestToken.sol";
import {FeeOnTransferToken} from "../../mocks/tips/FeeOnTransferToken.sol";

/// @notice Drives random tips (ETH, a plain ERC-20 and a 10% fee-on-transfer ERC-20) to random
///         posts of a few profiles, withdrawals to random recipients, and custody transfers, for
///         `KithTipsInvariantTest`.
/// @dev Ghost counters (Solady's `BalanceSum` pattern): what the handler expects each profile to
///      hold, computed from its own amounts and the documented fee, never read back from `tips`.
///      Calls that would revert are skipped, so the campaign runs with `failOnRevert`.
contract TipsHandler is CommonBase, StdCheats, StdUtils {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Profiles 1..PROFILES exist, each with POSTS_PER_PROFILE posts.
    uint256 public constant PROFILES = 4;
    uint256 public constant POSTS_PER_PROFILE = 2;
    uint256 private constant _TIPPERS = 3;
    uint256 private constant _RECIPIENTS = 3;
    /// @dev Addresses custody can move to (besides the original custodies).
    uint256 private constant _NEW_CUSTODIES = 3;

    uint256 private constant _MAX_ETH_TIP = 100 ether;
    uint256 private constant _MAX_TOKEN_TIP = 1e30;

    /*//////////////////////////////////////////////////////////////
                                IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    Kith public immutable kith;
    KithTips public immutable tips;
    TestToken public immutable plainToken;
    FeeOnTransferToken public immutable feeToken;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @notice ETH (the zero address), then the two tokens.
    address[] public assets;
    uint256[] public postIds;
    address[] internal _tippers;
    address[] internal _recipients;
    address[] internal _newCustodies;

    /// @notice The handler's model of `tips.balanceOf`.
    mapping(uint256 profileId => mapping(address asset => uint256 amount)) public ghostBalance;
    /// @notice Credited by tips (what arrived), and debited by withdrawals, per asset.
    mapping(address asset => uint256 amount) public ghostTipped;
    mapping(address asset => uint256 amount) public ghostWithdrawn;
    /// @notice Withdrawals whose recipient did not get the expected amount. Must stay 0.
    uint256 public payoutMismatches;

    uint256 public tipCalls;
    uint256 public withdrawCalls;
    uint256 public transferCalls;
    uint256 public skippedCalls;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    constructor(Kith _kith, KithTips _tips, TestToken _plainToken, FeeOnTransferToken _feeToken) {
        kith = _kith;
        tips = _tips;
        plainToken = _plainToken;
        feeToken = _feeToken;
        assets.push(address(0));
        assets.push(address(_plainToken));
        assets.push(address(_feeToken));

        for (uint256 i = 1; i <= PROFILES; ++i) {
            string memory handle = string.concat("author", vm.toString(i));
            address custody = makeAddr(handle);
            vm.prank(custody);
            uint256 profileId = _kith.register(handle, address(0), 0);
            require(profileId == i, "TipsHandler: ids must be 1..PROFILES");
            for (uint256 p; p < POSTS_PER_PROFILE; ++p) {
                vm.prank(custody);
                postIds.push(_kith.post(profileId, keccak256(abi.encode(handle, p)), ""));
            }
        }
        for (uint256 i; i < _TIPPERS; ++i) {
            _tippers.push(makeAddr(string.concat("tipper", vm.toString(i))));
        }
        for (uint256 i; i < _RECIPIENTS; ++i) {
            _recipients.push(makeAddr(string.concat("recipient", vm.toString(i))));
        }
        for (uint256 i; i < _NEW_CUSTODIES; ++i) {
            _newCustodies.push(makeAddr(string.concat("newCustody", vm.toString(i))));
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    function tipEth(uint256 tipperSeed, uint256 postSeed, uint256 fromSelf, uint256 amount) external {
        address tipper = _tippers[tipperSeed % _TIPPERS];
        uint256 postId = postIds[postSeed % postIds.length];
        amount = bound(amount, 1, _MAX_ETH_TIP);
        vm.deal(tipper, amount);

        // A profile's custody may also tip as that profile.
        uint256 fromProfileId = 0;
        if (fromSelf % 2 == 1) {
            fromProfileId = postSeed % PROFILES + 1;
            tipper = kith.custodyOf(fromProfileId);
            vm.deal(tipper, tipper.balance + amount);
        }
        vm.prank(tipper);
        tips.tip{value: amount}(postId, fromProfileId);
        _credit(postId, address(0), amount);
    }

    function tipToken(uint256 tipperSeed, uint256 postSeed, uint256 tokenSeed, uint256 amount) external {
        address tipper = _tippers[tipperSeed % _TIPPERS];
        uint256 postId = postIds[postSeed % postIds.length];
        bool withFee = tokenSeed % 2 == 1;
        address asset = withFee ? address(feeToken) : address(plainToken);
        amount = bound(amount, 1, _MAX_TOKEN_TIP);

        if (withFee) feeToken.mint(tipper, amount);
        else plainToken.mint(tipper, amount);
        vm.prank(tipper);
        IERC20(asset).approve(address(tips), amount);
        vm.prank(tipper);
        tips.tipToken(postId, 0, asset, amount);
        _credit(postId, asset, withFee ? _afterFee(amount) : amount);
    }

    function withdraw(uint256 profileSeed, uint256 assetSeed, uint256 recipientSeed) external {
        uint256 profileId = profileSeed % PROFILES + 1;
        address asset = assets[assetSeed % assets.length];
        address recipient = _recipients[recipientSeed % _RECIPIENTS];
        uint256 amount = ghostBalance[profileId][asset];
        if (amount == 0) {
            ++skippedCalls;
            return;
        }
        uint256 recipientBefore = _balanceOf(asset, recipient);

        vm.prank(kith.custodyOf(profileId));
        tips.withdraw(profileId, asset, recipient);

        ++withdrawCalls;
        ghostBalance[profileId][asset] = 0;
        ghostWithdrawn[asset] += amount;
        uint256 expectedPayout = asset == address(feeToken) ? _afterFee(amount) : amount;
        if (_balanceOf(asset, recipient) - recipientBefore != expectedPayout) ++payoutMismatches;
    }

    /// @dev Moves a profile (and with it the right to withdraw its balances) to another address.
    function transferCustody(uint256 profileSeed, uint256 custodySeed) external {
        uint256 profileId = profileSeed % PROFILES + 1;
        address from = kith.custodyOf(profileId);
        address to = _newCustodies[custodySeed % _NEW_CUSTODIES];
        if (to == from) {
            ++skippedCalls;
            return;
        }
        vm.prank(from);
        kith.offerTransfer(profileId, to);
        vm.prank(to);
        kith.acceptTransfer(profileId);
        ++transferCalls;
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    function assetCount() external view returns (uint256) {
        return assets.length;
    }

    function _credit(uint256 postId, address asset, uint256 amount) private {
        ++tipCalls;
        ghostBalance[postId >> 160][asset] += amount;
        ghostTipped[asset] += amount;
    }

    /// @dev The fee token's documented 10% fee, rounded down.
    function _afterFee(uint256 amount) private pure returns (uint256) {
        return amount - amount / 10;
    }

    function _balanceOf(address asset, address account) private view returns (uint256) {
        return asset == address(0) ? account.balance : IERC20(asset).balanceOf(account);
    }
}
